package io.backupalarm.spring.web;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link GroupsAndPoliciesApiTest} over the JDBC store on H2. */
@SpringBootTest(classes = TestApp.class, properties = {"backup-alarm.store.type=jdbc",
    "spring.datasource.url=jdbc:h2:mem:backup-alarm-web;DB_CLOSE_DELAY=-1"})
final class JdbcGroupsAndPoliciesApiTest extends GroupsAndPoliciesApiTest {
}
