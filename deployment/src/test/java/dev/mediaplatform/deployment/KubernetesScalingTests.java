package dev.mediaplatform.deployment;

import java.util.List;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the platform grows, shrinks and survives a drain: the workers' autoscaler bounded
 * by the partitions, scale-down slow enough for a hand-over, and a disruption budget for
 * everything that must not go down all at once.
 */
class KubernetesScalingTests {

	@Nested
	class WorkerAutoscaler {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldScaleTheStreamWorkerDeploymentOnCpuAndNeverPastThePartitionCount(String name) {
			Platform platform = Manifests.platform(name);
			List<HorizontalPodAutoscaler> autoscalers = platform.all(HorizontalPodAutoscaler.class);
			assertThat(autoscalers).hasSize(1);
			HorizontalPodAutoscaler autoscaler = autoscalers.get(0);
			var target = autoscaler.getSpec().getScaleTargetRef();
			assertThat(target.getApiVersion()).isEqualTo("apps/v1");
			assertThat(target.getKind()).isEqualTo("Deployment");
			assertThat(target.getName()).isEqualTo("stream-worker");
			assertThat(platform.workload(target.getName()).kind()).isEqualTo("Deployment");
			assertThat(autoscaler.getSpec().getMaxReplicas()).as("a worker past the partition count gets no partition")
				.isLessThanOrEqualTo(Manifests.partitionsDefault())
				.isGreaterThanOrEqualTo(autoscaler.getSpec().getMinReplicas());
			assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies((MetricSpec metric) -> {
				assertThat(metric.getType()).isEqualTo("Resource");
				assertThat(metric.getResource().getName()).isEqualTo("cpu");
				assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
			});
			assertThat(platform.workload("stream-worker").container().getResources().getRequests())
				.as("CPU utilisation is measured against the request")
				.containsKey("cpu");
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "production" })
		void shouldRunAtLeastTwoWorkersAndUpToOnePerPartitionWhenDeployedForReal(String name) {
			HorizontalPodAutoscaler autoscaler = Manifests.platform(name)
				.one(HorizontalPodAutoscaler.class, "stream-worker");
			assertThat(autoscaler.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
			assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(Manifests.partitionsDefault());
			assertThat(Manifests.platform(name).workload("stream-worker").replicas())
				.as("a replicas field would reset the autoscaler's count on every apply")
				.isNull();
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldShrinkOneWorkerAtATimeAfterTheLoadStayedLowWhenScalingDown(String name) {
			HPAScalingRules down = Manifests.platform(name)
				.one(HorizontalPodAutoscaler.class, "stream-worker")
				.getSpec()
				.getBehavior()
				.getScaleDown();
			assertThat(down.getStabilizationWindowSeconds()).isGreaterThanOrEqualTo(300);
			assertThat(down.getPolicies()).isNotEmpty().allSatisfy((HPAScalingPolicy policy) -> {
				assertThat(policy.getType()).isEqualTo("Pods");
				assertThat(policy.getValue()).isEqualTo(1);
				assertThat(policy.getPeriodSeconds()).isGreaterThanOrEqualTo(60);
			});
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldGiveAStoppingWorkerTimeToHandItsCamerasOver(String name) {
			assertThat(Manifests.platform(name).workload("stream-worker").pod().getTerminationGracePeriodSeconds())
				.isGreaterThanOrEqualTo(40);
		}

		@Test
		void shouldDocumentThePartitionCeilingWhereOperatorsScaleWorkers() {
			String readme = Manifests.read(Manifests.K8S.resolve("README.md"));
			assertThat(readme).contains("HorizontalPodAutoscaler")
				.contains("CAMERA_TOPICS_PARTITIONS")
				.contains("WORKER_TOPICS_PARTITIONS")
				.contains(Manifests.partitionsDefault() + " by default");
		}

	}

	@Nested
	class DisruptionBudgets {

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldSelectTheRunningPodsOfExactlyOneWorkloadWithEveryBudget(String name) {
			Platform platform = Manifests.platform(name);
			for (PodDisruptionBudget budget : platform.all(PodDisruptionBudget.class)) {
				assertThat(platform.workloads()
					.stream()
					.filter((workload) -> Platform.selects(budget.getSpec().getSelector(), workload.labels())))
					.as(budget.getMetadata().getName())
					.hasSize(1);
				boolean max = budget.getSpec().getMaxUnavailable() != null;
				boolean min = budget.getSpec().getMinAvailable() != null;
				assertThat(max ^ min).as(budget.getMetadata().getName() + ": minAvailable or maxUnavailable").isTrue();
				assertThat(max ? budget.getSpec().getMaxUnavailable() : budget.getSpec().getMinAvailable())
					.as(budget.getMetadata().getName())
					.isEqualTo(new io.fabric8.kubernetes.api.model.IntOrString(1));
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "local", "production" })
		void shouldCoverEveryMultiReplicaServiceAndEveryStoreWithOneBudget(String name) {
			Platform platform = Manifests.platform(name);
			boolean autoscaled = !platform.all(HorizontalPodAutoscaler.class).isEmpty();
			for (Platform.Workload workload : platform.workloads()) {
				boolean covered = workload.replicasOrOne() > 1 || Manifests.STORES.contains(workload.name())
						|| (autoscaled && workload.name().equals("stream-worker"));
				long budgets = platform.all(PodDisruptionBudget.class)
					.stream()
					.filter((budget) -> Platform.selects(budget.getSpec().getSelector(), workload.labels()))
					.count();
				assertThat(budgets).as(name + " " + workload.name()).isLessThanOrEqualTo(1);
				if (covered) {
					assertThat(budgets).as(name + " " + workload.name()).isEqualTo(1);
				}
			}
		}

		@ParameterizedTest
		@ValueSource(strings = { "base", "production" })
		void shouldLetADrainTakeOneReplicaOfAServiceAtATime(String name) {
			Platform platform = Manifests.platform(name);
			for (String service : Manifests.SERVICES) {
				PodDisruptionBudget budget = platform.one(PodDisruptionBudget.class, service);
				// minAvailable 1 of 2 and maxUnavailable 1 both let one go;
				// maxUnavailable keeps
				// doing so at any count.
				assertThat(budget.getSpec().getMaxUnavailable()).as(service)
					.isEqualTo(new io.fabric8.kubernetes.api.model.IntOrString(1));
			}
		}

	}

}
