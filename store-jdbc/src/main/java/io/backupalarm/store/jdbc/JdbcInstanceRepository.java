package io.backupalarm.store.jdbc;

import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.InstancePolicyMode;
import io.backupalarm.spi.InstanceRepository;
import java.util.List;
import java.util.Set;

/**
 * Instances in table {@code ba_instance}, the targets of their policies in
 * {@code ba_instance_policy_contact} and {@code ba_instance_policy_group}, within one
 * transaction. Used on its thread only.
 */
final class JdbcInstanceRepository extends JdbcPolicyHolderRepository<Instance> implements InstanceRepository {

    private static final Tables TABLES = new Tables("ba_instance", "vault_id", "ba_instance_policy_contact",
            "ba_instance_policy_group", "instance_id");

    JdbcInstanceRepository(Sql sql) {
        super(sql, TABLES);
    }

    @Override
    public List<Instance> findByVault(String vaultId) {
        return findByParent(vaultId);
    }

    @Override
    Instance item(String id, String parent, String mode, Set<String> contacts, Set<String> groups) {
        return new Instance(id, parent, new InstanceAlarmPolicy(InstancePolicyMode.valueOf(mode), contacts, groups));
    }

    @Override
    String id(Instance instance) {
        return instance.id();
    }

    @Override
    String parent(Instance instance) {
        return instance.vault();
    }

    @Override
    String mode(Instance instance) {
        return instance.alarmPolicy().mode().name();
    }

    @Override
    AlarmPolicy policy(Instance instance) {
        return instance.alarmPolicy();
    }
}
