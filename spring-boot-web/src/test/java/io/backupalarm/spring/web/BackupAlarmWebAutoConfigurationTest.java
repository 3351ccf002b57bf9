package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.spring.boot.BackupAlarmAutoConfiguration;
import io.backupalarm.spring.boot.BackupAlarmStoreAutoConfiguration;
import io.backupalarm.spring.web.internal.Api;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** When the API is mounted, and what it does without the host's access rule. */
@ExtendWith(OutputCaptureExtension.class)
final class BackupAlarmWebAutoConfigurationTest {

    private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
            BackupAlarmStoreAutoConfiguration.class, BackupAlarmAutoConfiguration.class,
            WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            BackupAlarmWebAutoConfiguration.class);

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(CONFIGURATIONS).withPropertyValues("backup-alarm.store.type=memory");

    @Test
    @DisplayName("Off unless backup-alarm.web.enabled=true, and only in a servlet web application")
    void offByDefault() {
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Api.class));
        web.withPropertyValues("backup-alarm.web.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Api.class));
        new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
                .withPropertyValues("backup-alarm.store.type=memory", "backup-alarm.web.enabled=true")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Api.class));
        web.withPropertyValues("backup-alarm.web.enabled=true", "backup-alarm.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Api.class));
    }

    @Test
    @DisplayName("Without an AccountAccess bean every account is denied, and one warning says so")
    void denyAllByDefault(CapturedOutput output) {
        web.withPropertyValues("backup-alarm.web.enabled=true").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Api.class);
            context.getBean(ConfigurationAdmin.class).createAccount(
                    new Account("acme", EmailAddress.of("ops@acme.example"), null));
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
            int status = mvc.perform(MockMvcRequestBuilders.get("/backup-alarm/api/accounts/acme")
                    .principal(() -> "admin@acme")).andReturn().getResponse().getStatus();
            assertThat(status).isEqualTo(404);
            String me = mvc.perform(MockMvcRequestBuilders.get("/backup-alarm/api/me").principal(() -> "admin@acme"))
                    .andReturn().getResponse().getContentAsString();
            assertThat(me).contains("\"accounts\":[]");
        });
        assertThat(output.getOut().split("there is no AccountAccess bean", -1)).hasSize(2);
    }

    @Test
    @DisplayName("A base path that is not a path fails startup naming the property")
    void badBasePath() {
        for (String bad : new String[] {"backup", "/backup/", "/back up", "/"}) {
            web.withPropertyValues("backup-alarm.web.enabled=true", "backup-alarm.web.base-path=" + bad)
                    .run(context -> assertThat(context).getFailure().rootCause()
                            .hasMessageContaining("backup-alarm.web.base-path"));
        }
        web.withPropertyValues("backup-alarm.web.enabled=true", "backup-alarm.web.colour=red")
                .run(context -> assertThat(context).hasFailed());
    }
}
