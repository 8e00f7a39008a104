package dev.mediaplatform.auth.config;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Tomcat answers the requests it refuses itself with problem details too. */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

	@Bean
	ProblemReports problemReports() {
		return new ProblemReports();
	}

	/**
	 * Ordered after Boot's customizer, whose context customizer adds the error report
	 * valve that {@link ProblemReportValve#install} replaces.
	 */
	static final class ProblemReports implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addContextCustomizers(ProblemReportValve::install);
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}
