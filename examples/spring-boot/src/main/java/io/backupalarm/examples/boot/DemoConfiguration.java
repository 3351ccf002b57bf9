package io.backupalarm.examples.boot;

import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.OpenAlarm;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo's alarm configuration, created at startup unless it exists (several nodes may start
 * together: whichever creates an item first wins), and a listener that logs what the engine does.
 * A product creates accounts, vaults and instances as its users create them, through the same
 * {@link ConfigurationAdmin}.
 *
 * <p>Thread-safe: the runner runs once, and the listener keeps no state.
 */
@Configuration(proxyBeanMethods = false)
class DemoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DemoConfiguration.class);

    @Bean
    ApplicationRunner demoAlarmConfiguration(ConfigurationAdmin admin) {
        return args -> {
            create(() -> admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"),
                    MobileNumber.of("+8613900139000"))));
            create(() -> admin.createVault(new Vault("v-prod", "acme", null)));
            create(() -> admin.createInstance(new Instance("i-web1", "v-prod", null)));
            create(() -> admin.createInstance(new Instance("i-db1", "v-prod", null)));
            LOG.info("Alarm configuration: account acme (ops@acme.example, +8613900139000), vault v-prod, "
                    + "instances i-web1 and i-db1");
        };
    }

    private static void create(Runnable creation) {
        try {
            creation.run();
        } catch (ValidationException e) {
            if (!String.valueOf(e.getMessage()).contains("already exists")) {
                throw e;
            }
        }
    }

    @Bean
    AlarmListener alarmLog() {
        return new AlarmListener() {
            @Override
            public void onFired(OpenAlarm alarm) {
                LOG.info("ALARM FIRED: {} since {}", alarm.key(), alarm.openedAt());
            }

            @Override
            public void onResolved(OpenAlarm alarm, Instant at) {
                LOG.info("ALARM RESOLVED: {} at {}", alarm.key(), at);
            }

            @Override
            public void onDelivered(Notification notification) {
                LOG.info("Notification delivered: {} {} to {} on {}", notification.message().kind(), notification.key(),
                        notification.message().address(), notification.message().channel());
            }
        };
    }
}
