package io.backupalarm.examples.console;

import io.backupalarm.examples.boot.DemoServers;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * A backup product's administration site with backup-alarm's web console mounted as is, at
 * {@code /backup-alarm/console/}: two demo users sign in ({@link SignInFilter}) and each sees and
 * changes only their own account ({@link DemoUsers}). Codes and alarms go to a demo mail server
 * and a loopback SMS gateway ({@link DemoServers}) that log what they receive.
 *
 * <p>Thread safety: Spring's; the class holds no state.
 */
@SpringBootApplication
public class ConsoleExampleApplication {

    /**
     * Starts the example with the demo mail server and SMS gateway.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        new SpringApplicationBuilder(ConsoleExampleApplication.class).initializers(new DemoServers()).run(args);
    }
}
