package dev.mediaplatform.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who can connect to whom once the NetworkPolicies apply: every pair of a client (each
 * pod of the platform, a pod elsewhere in the cluster, the monitoring namespace) and a
 * port of a pod, evaluated the way Kubernetes does, against the connections the platform
 * makes.
 */
class NetworkPoliciesTests {

	/** The label a namespace needs for Prometheus in it to scrape the services. */
	static final Map<String, String> MONITORING = Map.of("media-platform.dev/monitoring", "true");

	static final String OUTSIDE = "a pod in another namespace";

	static final String PROMETHEUS = "Prometheus in the monitoring namespace";

	/** Every connection the platform needs: target/port to the clients that make it. */
	static final Map<String, Set<String>> NEEDED = Map.ofEntries(
			Map.entry("api-gateway/http",
					Set.of("discovery-server", "auth-service", "camera-service", "stream-worker", "api-gateway",
							"kafka", "mysql", "mongo", OUTSIDE, PROMETHEUS)),
			// The gateway's metrics page is off its public port: Prometheus only.
			Map.entry("api-gateway/metrics", Set.of(PROMETHEUS)),
			Map.entry("discovery-server/http",
					Set.of("discovery-server", "auth-service", "camera-service", "stream-worker", "api-gateway",
							PROMETHEUS)),
			Map.entry("auth-service/http", Set.of("api-gateway", "camera-service", PROMETHEUS)),
			Map.entry("camera-service/http", Set.of("api-gateway", PROMETHEUS)),
			Map.entry("camera-service/socketio", Set.of("api-gateway")),
			Map.entry("stream-worker/http", Set.of("api-gateway", PROMETHEUS)),
			Map.entry("mysql/mysql", Set.of("auth-service")), Map.entry("mongo/mongo", Set.of("camera-service")),
			Map.entry("kafka/kafka", Set.of("auth-service", "camera-service", "stream-worker", "api-gateway", "kafka")),
			Map.entry("kafka/controller", Set.of("kafka")));

	@Nested
	class Reachability {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldAllowExactlyTheConnectionsThePlatformMakesWhenEveryPodTriesEveryPort(String name) {
			Platform platform = Manifests.platform(name);
			List<String> wrong = new ArrayList<>();
			List<String> targets = new ArrayList<>();
			for (Platform.Workload target : platform.workloads()) {
				for (ContainerPort port : target.container().getPorts()) {
					String key = target.name() + "/" + port.getName();
					targets.add(key);
					for (Client client : clients(platform)) {
						boolean allowed = allows(platform, client, target, port);
						boolean needed = NEEDED.getOrDefault(key, Set.of()).contains(client.name());
						if (allowed != needed) {
							wrong.add(client.name() + " -> " + key + (allowed ? " allowed" : " refused"));
						}
					}
				}
			}
			assertThat(targets).containsExactlyInAnyOrderElementsOf(NEEDED.keySet());
			assertThat(wrong).as(name).isEmpty();
		}

		@Test
		void shouldKeepAPodThatLooksLikeAServiceInAnotherNamespaceAwayFromTheStores() {
			Platform base = Manifests.platform("base");
			Client impostor = new Client("auth-service elsewhere", Map.of("app.kubernetes.io/name", "auth-service"),
					Map.of("kubernetes.io/metadata.name", "elsewhere"), false);
			Platform.Workload mysql = base.workload("mysql");
			assertThat(allows(base, impostor, mysql, mysql.container().getPorts().get(0))).isFalse();
			Client authService = new Client("auth-service", base.workload("auth-service").labels(), Map.of(), true);
			assertThat(allows(base, authService, mysql, mysql.container().getPorts().get(0))).isTrue();
		}

		@Test
		void shouldDocumentTheNamespaceLabelThatLetsPrometheusScrape() {
			String readme = Manifests.read(Manifests.K8S.resolve("README.md"));
			MONITORING.forEach((label, value) -> assertThat(readme).contains(label + "=" + value));
		}

	}

	@Nested
	class Defaults {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldDenyIngressToEveryPodThatNoPolicyOpens(String name) {
			assertThat(Manifests.platform(name).all(NetworkPolicy.class)).anySatisfy((policy) -> {
				assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEmpty();
				assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isEmpty();
				assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
				assertThat(policy.getSpec().getIngress()).isEmpty();
			});
		}

		@Test
		void shouldLetAnyoneReachTheGatewayWhenOnlyTheGatewayIsPublic() {
			Platform base = Manifests.platform("base");
			Client anyone = new Client(OUTSIDE, Map.of(), Map.of(), false);
			assertThat(base.workloads()
				.stream()
				.filter((target) -> target.container()
					.getPorts()
					.stream()
					.anyMatch((port) -> allows(base, anyone, target, port)))
				.map(Platform.Workload::name)).containsExactly("api-gateway");
		}

	}

	/**
	 * A client: a pod of the platform, or a pod in another namespace.
	 *
	 * @param name what the tests call it
	 * @param labels its pod's labels
	 * @param namespaceLabels its namespace's labels (outside the platform's namespace)
	 * @param inNamespace whether it runs in the platform's namespace
	 */
	record Client(String name, Map<String, String> labels, Map<String, String> namespaceLabels, boolean inNamespace) {
	}

	static List<Client> clients(Platform platform) {
		List<Client> clients = new ArrayList<>();
		platform.workloads()
			.forEach((workload) -> clients.add(new Client(workload.name(), workload.labels(), Map.of(), true)));
		clients.add(new Client(OUTSIDE, Map.of("app.kubernetes.io/name", "api-gateway"),
				Map.of("kubernetes.io/metadata.name", "elsewhere"), false));
		clients.add(new Client(PROMETHEUS, Map.of("app.kubernetes.io/name", "prometheus"), MONITORING, false));
		return clients;
	}

	/**
	 * Whether the platform's policies let this client connect to this port of the target.
	 */
	static boolean allows(Platform platform, Client client, Platform.Workload target, ContainerPort port) {
		List<NetworkPolicy> selecting = platform.all(NetworkPolicy.class)
			.stream()
			.filter((policy) -> Platform.selects(policy.getSpec().getPodSelector(), target.labels()))
			.filter((policy) -> policy.getSpec().getPolicyTypes().isEmpty()
					|| policy.getSpec().getPolicyTypes().contains("Ingress"))
			.toList();
		if (selecting.isEmpty()) {
			return true;
		}
		for (NetworkPolicy policy : selecting) {
			for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
				if (admits(rule.getFrom(), client) && opens(rule.getPorts(), port)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean admits(List<NetworkPolicyPeer> peers, Client client) {
		if (peers.isEmpty()) {
			return true;
		}
		for (NetworkPolicyPeer peer : peers) {
			if (peer.getIpBlock() != null) {
				// Pod addresses are cluster-internal; an address block admits outside
				// clients.
				if (!client.inNamespace()) {
					return true;
				}
				continue;
			}
			boolean namespaceMatches = (peer.getNamespaceSelector() == null) ? client.inNamespace()
					: !client.inNamespace() && Platform.selects(peer.getNamespaceSelector(), client.namespaceLabels())
							|| client.inNamespace() && Platform.selects(peer.getNamespaceSelector(),
									Map.of("kubernetes.io/metadata.name", "media-platform"));
			boolean podMatches = peer.getPodSelector() == null
					|| Platform.selects(peer.getPodSelector(), client.labels());
			if (namespaceMatches && podMatches) {
				return true;
			}
		}
		return false;
	}

	private static boolean opens(List<NetworkPolicyPort> ports, ContainerPort port) {
		if (ports.isEmpty()) {
			return true;
		}
		for (NetworkPolicyPort open : ports) {
			String protocol = (open.getProtocol() != null) ? open.getProtocol() : "TCP";
			String portProtocol = (port.getProtocol() != null) ? port.getProtocol() : "TCP";
			IntOrString number = open.getPort();
			boolean matches = number == null || ((number.getIntVal() != null)
					? number.getIntVal().equals(port.getContainerPort()) : number.getStrVal().equals(port.getName()));
			if (protocol.equals(portProtocol) && matches) {
				return true;
			}
		}
		return false;
	}

}
