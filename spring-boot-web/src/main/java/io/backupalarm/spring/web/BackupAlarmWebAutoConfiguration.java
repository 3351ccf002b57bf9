package io.backupalarm.spring.web;

import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.spring.boot.BackupAlarmAutoConfiguration;
import io.backupalarm.spring.web.internal.AccountsController;
import io.backupalarm.spring.web.internal.AlarmsController;
import io.backupalarm.spring.web.internal.Api;
import io.backupalarm.spring.web.internal.ContactsController;
import io.backupalarm.spring.web.internal.GroupsController;
import io.backupalarm.spring.web.internal.HistoryController;
import io.backupalarm.spring.web.internal.PoliciesController;
import io.backupalarm.spring.web.internal.ProblemResolver;
import io.backupalarm.verification.VerificationService;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Mounts the administration API under {@code {base}/api} and the console's static files under
 * {@code {base}/console/}, when {@code backup-alarm.web.enabled=true} in a servlet web
 * application that has the library's engine, configuration store and verification service (the
 * {@code backup-alarm-spring-boot-autoconfigure} beans, or the host's own). Changes go through
 * {@link io.backupalarm.config.ConfigurationAdmin#on} over that store, so every integrity rule
 * applies, with the API's own checks (If-Match, other accounts' ids) in the same transaction.
 *
 * <p>The host supplies an {@link AccountAccess} bean; without one every account is denied and
 * one warning is logged.
 *
 * <p>Thread safety: a Spring configuration class, used by Spring while the context starts.
 */
@AutoConfiguration(after = BackupAlarmAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "backup-alarm.web.enabled")
@ConditionalOnBean({AlarmEngine.class, ConfigurationStore.class, VerificationService.class})
@EnableConfigurationProperties(BackupAlarmWebProperties.class)
@Import({ProblemResolver.class, AccountsController.class, ContactsController.class, GroupsController.class,
    PoliciesController.class, AlarmsController.class, HistoryController.class})
public class BackupAlarmWebAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BackupAlarmWebAutoConfiguration.class);

    /** The classpath directory the console's static files are served from. */
    public static final String CONSOLE_LOCATION = "classpath:/META-INF/backup-alarm-console/";

    /** Creates the configuration; Spring calls it. */
    public BackupAlarmWebAutoConfiguration() {
    }

    /**
     * What the controllers share: the library's services, the host's access rule, a clock.
     *
     * @param properties the properties
     * @param access the host's access rule, if any
     * @param store the configuration store
     * @param engine the engine
     * @param verification the verification service
     * @param clock the host's clock, if any; the system clock otherwise
     * @return the shared support
     */
    @Bean
    public Api backupAlarmWebApi(BackupAlarmWebProperties properties, ObjectProvider<AccountAccess> access,
                                 ConfigurationStore store, AlarmEngine engine,
                                 VerificationService verification, ObjectProvider<Clock> clock) {
        AccountAccess rule = access.getIfUnique(() -> null);
        if (rule == null) {
            LOG.warn("backup-alarm.web.enabled=true but there is no AccountAccess bean: the administration API "
                    + "denies every account until the application supplies one");
            rule = AccountAccess.denyAll();
        }
        return new Api(properties.getBasePath(), rule, store, engine, verification,
                clock.getIfUnique(Clock::systemUTC));
    }

    /**
     * Serves the console's static files at {@code {base}/console/} and redirects
     * {@code {base}/console} there.
     *
     * @param properties the properties
     * @return the MVC configuration
     */
    @Bean
    public WebMvcConfigurer backupAlarmWebConsole(BackupAlarmWebProperties properties) {
        String console = properties.getBasePath() + "/console";
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler(console + "/**").addResourceLocations(CONSOLE_LOCATION);
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController(console, console + "/");
                registry.addViewController(console + "/").setViewName("forward:" + console + "/index.html");
            }
        };
    }
}
