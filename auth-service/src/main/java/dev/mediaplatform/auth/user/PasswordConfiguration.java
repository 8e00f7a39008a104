package dev.mediaplatform.auth.user;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How account passwords are hashed, beside the accounts that store the hashes. */
@Configuration(proxyBeanMethods = false)
class PasswordConfiguration {

	/**
	 * New hashes are {@code {bcrypt-sha256}}; the {@code {bcrypt}} hashes of accounts
	 * created before keep verifying (for a password over BCrypt's 72 bytes they answer
	 * "no match", which is right: no such password was ever hashed with them). Only these
	 * two ids are accepted.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
		return new DelegatingPasswordEncoder(BcryptSha256PasswordEncoder.ID,
				Map.of(BcryptSha256PasswordEncoder.ID, new BcryptSha256PasswordEncoder(bcrypt), "bcrypt", bcrypt));
	}

}
