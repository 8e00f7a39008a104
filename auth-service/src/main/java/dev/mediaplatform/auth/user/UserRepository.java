package dev.mediaplatform.auth.user;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface UserRepository extends JpaRepository<User, String> {

	Optional<User> findByUsernameKey(String usernameKey);

	boolean existsByUsernameKey(String usernameKey);

}
