package io.backupalarm.examples.console;

import io.backupalarm.ValidationException;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The example's beans: the demo users (who are also the {@link io.backupalarm.spring.web.AccountAccess}
 * the API asks), the sign-in filter in front of everything, the two demo accounts with a vault and
 * instances each, and the lines that print (on the terminal) where the console is and who may sign in.
 *
 * <p>Thread-safe: the runner runs once, the other beans are thread-safe.
 */
@Configuration(proxyBeanMethods = false)
class ExampleConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ExampleConfiguration.class);

    @Bean
    DemoUsers demoUsers() {
        Map<String, String> accounts = new LinkedHashMap<>();
        accounts.put("alice", "acme");
        accounts.put("bob", "globex");
        return new DemoUsers(accounts, new SecureRandom());
    }

    @Bean
    FilterRegistrationBean<SignInFilter> signInFilter(DemoUsers users,
                                                      @Value("${backup-alarm.web.base-path:/backup-alarm}") String basePath) {
        FilterRegistrationBean<SignInFilter> registration = new FilterRegistrationBean<>(new SignInFilter(users, basePath));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // before the API sees the request
        return registration;
    }

    @Bean
    ApplicationRunner demoAccounts(ConfigurationAdmin admin, AlarmEngine engine,
                                   @Value("${example.demo-alarm:true}") boolean demoAlarm) {
        return args -> {
            create(() -> admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"),
                    MobileNumber.of("+8613900139000"), null, Locale.ENGLISH)));
            create(() -> admin.createVault(new Vault("v-prod", "acme", null)));
            create(() -> admin.createInstance(new Instance("i-web1", "v-prod", null)));
            create(() -> admin.createInstance(new Instance("i-db1", "v-prod", null)));
            create(() -> admin.createAccount(new Account("globex", EmailAddress.of("it@globex.example"),
                    MobileNumber.of("+8613700137000"), null, Locale.SIMPLIFIED_CHINESE)));
            create(() -> admin.createVault(new Vault("v-main", "globex", null)));
            create(() -> admin.createInstance(new Instance("i-files", "v-main", null)));
            if (demoAlarm) {
                // something for the Alarms screen: it fires when the grace period ends
                engine.report(new AlarmEvent.BackupFailed("i-db1", "nightly", "disk full", Clock.systemUTC().instant()));
            }
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
    ApplicationListener<WebServerInitializedEvent> consoleBanner(DemoUsers users,
                                                                 @Value("${backup-alarm.web.base-path:/backup-alarm}") String basePath) {
        return event -> {
            StringBuilder text = new StringBuilder("\n\n  Web console: http://localhost:")
                    .append(event.getWebServer().getPort()).append(basePath).append("/console/\n");
            for (DemoUsers.User user : users.all()) {
                text.append("  Sign in as ").append(user.name()).append(" / ").append(user.password())
                        .append("  (account ").append(user.account()).append(")\n");
            }
            // on the terminal, not in the log: the passwords are for the person who started the demo
            System.out.println(text);
        };
    }
}
