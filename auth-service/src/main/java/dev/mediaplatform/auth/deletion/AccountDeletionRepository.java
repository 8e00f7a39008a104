package dev.mediaplatform.auth.deletion;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

interface AccountDeletionRepository extends JpaRepository<AccountDeletion, String> {

	/**
	 * Claims up to 50 of the oldest rows that no relay holds (or whose holder let its
	 * claim lapse) for two minutes. A concurrent claim waits for this one's row locks and
	 * then skips what it took, so two replicas never hold the same row. The times are the
	 * database's, not the replicas' clocks.
	 */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = """
			UPDATE account_deletion_outbox
			SET claim = :claim, claimed_until = UTC_TIMESTAMP(6) + INTERVAL 2 MINUTE
			WHERE claimed_until IS NULL OR claimed_until < UTC_TIMESTAMP(6)
			ORDER BY deleted_at
			LIMIT 50""")
	int claim(String claim);

	@Query(nativeQuery = true, value = "SELECT * FROM account_deletion_outbox WHERE claim = :claim ORDER BY deleted_at")
	List<AccountDeletion> findClaimed(String claim);

	/** Removes a published row, unless its claim lapsed and another relay holds it. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true, value = "DELETE FROM account_deletion_outbox WHERE id = :id AND claim = :claim")
	int deletePublished(String id, String claim);

	/** Gives back what a relay could not publish, for the next pass of any replica. */
	@Transactional
	@Modifying
	@Query(nativeQuery = true,
			value = "UPDATE account_deletion_outbox SET claim = NULL, claimed_until = NULL WHERE claim = :claim")
	int release(String claim);

	Optional<AccountDeletion> findFirstByOrderByDeletedAtAsc();

}
