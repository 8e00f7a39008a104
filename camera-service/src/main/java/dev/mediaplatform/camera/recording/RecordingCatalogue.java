package dev.mediaplatform.camera.recording;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.aggregation.Aggregation;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.stereotype.Component;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

/**
 * The recordings catalogue in MongoDB, one document per chunk, found by camera and start
 * (the compound index). Every read of a time range bounds {@code startMillis} on both
 * sides so that it stays an index range scan however long a camera has recorded.
 */
@Component
class RecordingCatalogue {

	static final String COLLECTION = "recordings";

	/**
	 * The longest a chunk is expected to last (workers cut them after about a minute): a
	 * range query looks this far before its start for chunks that reach into it.
	 */
	static final long LONGEST_CHUNK_MILLIS = Duration.ofHours(1).toMillis();

	private static final Sort CHRONOLOGICAL = Sort.by("startMillis");

	private final MongoTemplate mongo;

	RecordingCatalogue(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** A chunk being written: stored only if nothing is stored for it yet. */
	boolean opened(Recording chunk) {
		try {
			this.mongo.insert(chunk);
			return true;
		}
		catch (DuplicateKeyException ex) {
			// Already opened, or already closed: a CLOSED is never replaced by an OPENED.
			return false;
		}
	}

	/**
	 * How far a chunk being written is settled: its init and segments replace those
	 * stored while it is still open and listed fewer segments. Never applied to a closed
	 * chunk (a progress that crossed the end on the wire), nor to one the catalogue does
	 * not hold (deleted, or its camera gone); its end and size stay unknown until it
	 * closes.
	 * @return whether the entry changed
	 */
	boolean progressed(Recording chunk) {
		int segments = chunk.segments().size();
		Query open = query(
				where("_id").is(chunk.id()).and("complete").is(false).and("segments." + (segments - 1)).exists(false));
		return this.mongo
			.updateFirst(open,
					new Update().set("initSize", chunk.initSize())
						.set("segments", chunk.segments())
						.set("codec", chunk.codec())
						.set("workerId", chunk.workerId()),
					Recording.class)
			.getModifiedCount() > 0;
	}

	/** A final chunk: replaces whatever is stored for it. */
	void closed(Recording chunk) {
		this.mongo.save(chunk);
	}

	boolean remove(String cameraId, long startMillis) {
		return this.mongo.remove(query(where("_id").is(Recording.id(cameraId, startMillis))), Recording.class)
			.getDeletedCount() > 0;
	}

	long removeCamera(String cameraId) {
		return this.mongo.remove(query(where("cameraId").is(cameraId)), Recording.class).getDeletedCount();
	}

	Optional<Recording> find(String cameraId, long startMillis) {
		return Optional.ofNullable(this.mongo.findById(Recording.id(cameraId, startMillis), Recording.class));
	}

	/**
	 * The chunks that overlap {@code [from, to]}, in chronological order, a page at a
	 * time.
	 */
	Page<Recording> page(String cameraId, long from, long to, Pageable pageable) {
		Pageable chronological = PageRequest.of(pageable.getPageNumber(), pageable.getPageSize(), CHRONOLOGICAL);
		List<Recording> content = this.mongo.find(query(overlapping(cameraId, from, to)).with(chronological),
				Recording.class);
		return PageableExecutionUtils.getPage(content, chronological,
				() -> this.mongo.count(query(overlapping(cameraId, from, to)), Recording.class));
	}

	/**
	 * Start, end and completeness of the chunks that overlap {@code [from, to]}, in
	 * chronological order; only these three fields are read.
	 */
	List<Timeline.Chunk> chunks(String cameraId, long from, long to) {
		Query query = query(overlapping(cameraId, from, to)).with(CHRONOLOGICAL);
		query.fields().include("startMillis", "endMillis", "complete").exclude("_id");
		return this.mongo.find(query, Document.class, COLLECTION)
			.stream()
			.map((row) -> new Timeline.Chunk(((Number) row.get("startMillis")).longValue(),
					(row.get("endMillis") instanceof Number end) ? end.longValue() : null,
					Boolean.TRUE.equals(row.get("complete"))))
			.toList();
	}

	/**
	 * The chunks that can be played in {@code [from, to]}, in chronological order: the
	 * complete ones that overlap it, and those being written that have settled segments
	 * (which of their segments fall in the range is the playlist's business).
	 */
	List<Recording> playable(String cameraId, long from, long to) {
		return this.mongo.find(query(where("cameraId").is(cameraId)
			.and("startMillis")
			.gte(from - LONGEST_CHUNK_MILLIS)
			.lte(to)
			.orOperator(where("complete").is(true).and("endMillis").gt(from),
					where("complete").is(false).and("initSize").gt(0)))
			.with(CHRONOLOGICAL), Recording.class);
	}

	/** What the catalogue holds for a camera. */
	record Totals(long bytes, long recordings, Long oldest, Long newest) {
	}

	Totals totals(String cameraId) {
		Document totals = this.mongo
			.aggregate(Aggregation.newAggregation(Aggregation.match(where("cameraId").is(cameraId)),
					Aggregation.group()
						.sum("bytes")
						.as("bytes")
						.count()
						.as("recordings")
						.min("startMillis")
						.as("oldest")
						.max("startMillis")
						.as("newest")),
					COLLECTION, Document.class)
			.getUniqueMappedResult();
		if (totals == null) {
			return new Totals(0, 0, null, null);
		}
		return new Totals(number(totals, "bytes"), number(totals, "recordings"), optional(totals, "oldest"),
				optional(totals, "newest"));
	}

	/**
	 * Bytes and media duration of the complete chunks that started at or after
	 * {@code since}.
	 */
	record Volume(long bytes, long millis) {
	}

	Volume completeSince(String cameraId, long since) {
		Document volume = this.mongo.aggregate(
				Aggregation.newAggregation(
						Aggregation.match(
								where("cameraId").is(cameraId).and("startMillis").gte(since).and("complete").is(true)),
						Aggregation.group().sum("bytes").as("bytes").sum("durationMillis").as("millis")),
				COLLECTION, Document.class)
			.getUniqueMappedResult();
		return (volume != null) ? new Volume(number(volume, "bytes"), number(volume, "millis")) : new Volume(0, 0);
	}

	/**
	 * Chunks that overlap {@code [from, to]}: started by {@code to} and ending after
	 * {@code from}; a chunk being written has no end yet and counts as reaching now.
	 */
	private static Criteria overlapping(String cameraId, long from, long to) {
		return where("cameraId").is(cameraId)
			.and("startMillis")
			.gte(from - LONGEST_CHUNK_MILLIS)
			.lte(to)
			.orOperator(where("complete").is(false), where("endMillis").gt(from));
	}

	private static long number(Document document, String field) {
		return (document.get(field) instanceof Number value) ? value.longValue() : 0;
	}

	private static Long optional(Document document, String field) {
		return (document.get(field) instanceof Number value) ? value.longValue() : null;
	}

}
