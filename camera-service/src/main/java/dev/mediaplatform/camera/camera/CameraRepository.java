package dev.mediaplatform.camera.camera;

import java.util.List;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.Query;

/** The cameras in MongoDB; deleted ones stay until their tombstone is published. */
public interface CameraRepository extends MongoRepository<Camera, String> {

	/** The cameras a user owns or was given, deleted ones left out. */
	@Query("{ 'deleted': false, '$or': [ { 'ownerId': ?0 }, { 'shares.userId': ?0 } ] }")
	Page<Camera> findVisibleTo(String userId, Pageable pageable);

	@Query("{ 'deleted': false, '$or': [ { 'ownerId': ?0 }, { 'shares.userId': ?0 } ] }")
	List<Camera> findAllVisibleTo(String userId);

	/** Cameras whose latest desired state Kafka has not acknowledged yet. */
	List<Camera> findByPendingPublishTrue();

}
