package dev.mediaplatform.faults;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The suite's figures: one row per fault, as the suite prints it and as
 * {@code docs/fault-suite.md} holds it.
 */
final class FaultTable {

	private final List<Row> rows = new ArrayList<>();

	/**
	 * One fault's trials.
	 *
	 * @param fault what was done
	 * @param goal the recovery goal, as a person reads it
	 * @param trials how many times
	 * @param recoveries the recovery time of every camera in every trial that recovered,
	 * in milliseconds
	 * @param failed trials (or cameras in them) that did not recover within the limit
	 * @param lost what was lost, in words ("none" when nothing)
	 * @param twoWriters writes seen from a worker that no longer owned the camera
	 */
	record Row(String fault, String goal, int trials, List<Long> recoveries, int failed, String lost, int twoWriters) {

		long worst() {
			return this.recoveries.stream().mapToLong(Long::longValue).max().orElse(-1);
		}

		long median() {
			List<Long> sorted = this.recoveries.stream().sorted().toList();
			return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
		}

		boolean recovered() {
			return this.failed == 0;
		}

	}

	void add(Row row) {
		this.rows.add(row);
		System.out.println("fault-suite: " + line(row));
	}

	List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/** The table in Markdown, which reads as well in a terminal. */
	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append("| fault | trials | recovered | worst | median | goal | lost | two writers |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		for (Row row : this.rows) {
			out.append("| ")
				.append(row.fault())
				.append(" | ")
				.append(row.trials())
				.append(" | ")
				.append(row.recoveries().size())
				.append(" of ")
				.append(row.recoveries().size() + row.failed())
				.append(" | ")
				.append(seconds(row.worst()))
				.append(" | ")
				.append(seconds(row.median()))
				.append(" | ")
				.append(row.goal())
				.append(" | ")
				.append(row.lost())
				.append(" | ")
				.append(row.twoWriters())
				.append(" |\n");
		}
		return out.toString();
	}

	/**
	 * What {@code docs/fault-suite.md} holds after a full run: how the figures were
	 * taken, then the table.
	 * @param cameras how many cameras were live and recording through the worker faults
	 */
	String document(int cameras) {
		return "# Fault suite\n\n" + "The full run (`./mvnw install -DskipTests && ./mvnw -pl fault-suite verify"
				+ " -Dfaults.full=true`) of " + LocalDate.now() + ", on the development machine (2 cores), with "
				+ cameras
				+ " cameras live and recording in 4 s chunks, two stream workers, two camera-service replicas and two"
				+ " registry peers. Recovery is the time from the fault until every camera of the worker plays again"
				+ " from another (its playlist lists a segment of a new run); for a camera, from its return; for a"
				+ " replica or MongoDB, until every Socket.IO client had news of the camera again (a push, or the"
				+ " reload after its reconnection); for the registry, until the gateway sees every service again; for"
				+ " the broker, from its return until the commands given meanwhile took effect. \"Two writers\" counts"
				+ " files of a camera written, and segments listed, by a worker after another had taken the camera over.\n\n"
				+ markdown();
	}

	private static String line(Row row) {
		return String.format(Locale.ROOT,
				"%s: %d trials, %d of %d recovered, worst %s, median %s (goal %s), lost: %s," + " two writers: %d",
				row.fault(), row.trials(), row.recoveries().size(), row.recoveries().size() + row.failed(),
				seconds(row.worst()), seconds(row.median()), row.goal(), row.lost(), row.twoWriters());
	}

	static String seconds(long millis) {
		return (millis < 0) ? "–" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

}
