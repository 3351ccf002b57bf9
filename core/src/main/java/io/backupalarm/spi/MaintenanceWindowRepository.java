package io.backupalarm.spi;

import io.backupalarm.config.MaintenanceWindow;
import java.util.List;

/**
 * Keeps maintenance windows, with the look-ups that holding alarms back and integrity need.
 *
 * <p>Used only inside a store transaction, on one thread; see {@link Repository} for thread safety.
 */
public interface MaintenanceWindowRepository extends Repository<MaintenanceWindow> {

    /**
     * The windows of an account.
     *
     * @param accountId the account id
     * @return the windows, in any order; never {@code null}
     */
    List<MaintenanceWindow> findByAccount(String accountId);

    /**
     * The windows whose matcher names a vault.
     *
     * @param vaultId the vault id
     * @return the windows, in any order; never {@code null}
     */
    List<MaintenanceWindow> findByVault(String vaultId);

    /**
     * The windows whose matcher names an instance.
     *
     * @param instanceId the instance id
     * @return the windows, in any order; never {@code null}
     */
    List<MaintenanceWindow> findByInstance(String instanceId);
}
