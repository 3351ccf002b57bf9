package io.backupalarm.examples.console;

import io.backupalarm.examples.boot.DemoServers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The example application as every test of it starts it: on a random port, H2, GreenMail and the
 * loopback SMS gateway, the engine on a manual clock, no demo alarm. One base class, so that the
 * test classes share one application (Spring caches a context per configuration).
 */
@SpringBootTest(classes = ConsoleExampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:console-test;DB_CLOSE_DELAY=-1",
            "example.demo-alarm=false",
            "backup-alarm.alarm.backup-failure-grace-period=5m",
            "backup-alarm.alarm.disconnect-grace-period=5m",
            "backup-alarm.alarm.group-wait=0s",
        })
@ContextConfiguration(initializers = DemoServers.class)
@Import(ManualTimeEngine.class)
abstract class ExampleApplicationTest {

    @LocalServerPort
    int port;
    @Autowired
    DemoUsers users;

    String base() {
        return "http://localhost:" + port;
    }

    DemoUsers.User user(String name) {
        return users.all().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }
}
