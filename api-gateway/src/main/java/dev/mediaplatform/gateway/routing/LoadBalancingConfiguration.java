package dev.mediaplatform.gateway.routing;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Configuration;

/**
 * Every service's load balancer leaves out the instances that refused a connection lately
 * ({@link RefusedInstances}).
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = ServiceLoadBalancing.class)
class LoadBalancingConfiguration {

}
