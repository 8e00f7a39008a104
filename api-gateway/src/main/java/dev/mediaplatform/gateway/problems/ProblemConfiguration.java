package dev.mediaplatform.gateway.problems;

import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link MalformedRequests} into every connection's pipeline, right after Netty's
 * HTTP decoder.
 */
@Configuration(proxyBeanMethods = false)
class ProblemConfiguration {

	@Bean
	NettyServerCustomizer malformedRequestProblems() {
		return (server) -> server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "media.malformedRequests", new MalformedRequests());
			}
		});
	}

}
