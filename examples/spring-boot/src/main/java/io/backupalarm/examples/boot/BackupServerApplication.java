package io.backupalarm.examples.boot;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small backup server on Spring Boot: clients send heartbeats and job results over REST, and
 * backup-alarm tells the right people when a client stays away or a backup keeps failing. The
 * alarm function is the starter's auto-configuration and {@code application.yml}; this product
 * only reports events ({@link ClientEventsController}).
 *
 * <p>Run as is, it also starts a mail server (GreenMail) and an SMS gateway on loopback
 * ({@link DemoServers}) so that every message can be seen in the log; on PostgreSQL when
 * {@code SPRING_DATASOURCE_URL} is set, on an embedded H2 database otherwise.
 *
 * <p>Thread safety: Spring's; the class holds no state.
 */
@SpringBootApplication
@EnableScheduling
public class BackupServerApplication {

    /**
     * Starts the server with the demo mail server and SMS gateway.
     *
     * @param args Spring Boot arguments
     */
    public static void main(String[] args) {
        new SpringApplicationBuilder(BackupServerApplication.class).initializers(new DemoServers()).run(args);
    }
}
