package io.backupalarm.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds {@code backup-alarm} to {@code /actuator/info}: the library's version, the store, this
 * node's id (with the JDBC store) and the channels installed.
 *
 * <p><b>Thread safety.</b> Immutable and thread-safe.
 */
public final class BackupAlarmInfoContributor implements InfoContributor {

    private final Map<String, Object> details;

    /**
     * A contributor.
     *
     * @param version the library's version
     * @param store what keeps the data: {@code jdbc} or {@code memory}
     * @param node this node's id, or {@code null} when the stores are not shared
     * @param channels the channels installed
     */
    public BackupAlarmInfoContributor(String version, String store, String node, java.util.Collection<String> channels) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("version", Objects.requireNonNull(version, "version"));
        map.put("store", Objects.requireNonNull(store, "store"));
        if (node != null) {
            map.put("node", node);
        }
        map.put("channels", java.util.List.copyOf(new java.util.TreeSet<>(channels)));
        this.details = java.util.Collections.unmodifiableMap(map);
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("backup-alarm", details);
    }
}
