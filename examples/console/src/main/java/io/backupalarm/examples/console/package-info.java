/**
 * The web console example: a Spring Boot application that mounts backup-alarm's administration
 * API and web console ({@code backup-alarm-spring-boot-web}), with a sign-in for two demo users
 * who each see their own account only ({@link io.backupalarm.examples.console.DemoUsers}, the
 * {@link io.backupalarm.spring.web.AccountAccess} bean), a demo mail server and a loopback SMS
 * gateway. Not published.
 */
package io.backupalarm.examples.console;
