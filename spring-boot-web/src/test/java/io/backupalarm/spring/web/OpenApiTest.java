package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI description against the endpoints Spring really maps. */
@SpringBootTest(classes = TestApp.class, properties = "backup-alarm.store.type=memory")
final class OpenApiTest extends ApiTestBase {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    @DisplayName("Every documented operation is mapped, and every mapped endpoint is documented")
    void descriptionMatchesTheMappings() {
        Res res = get(null, "/openapi.json").expect(200);
        JsonNode doc = res.json();
        assertThat(doc.get("openapi").stringValue()).startsWith("3.");
        String server = doc.get("servers").get(0).get("url").stringValue();
        assertThat(server).isEqualTo(API);
        Set<String> documented = new TreeSet<>();
        Set<String> operationIds = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                assertThat(METHODS).contains(op.getKey());
                documented.add(op.getKey().toUpperCase() + " " + server + path.getKey());
                assertThat(operationIds.add(op.getValue().get("operationId").stringValue())).isTrue();
                assertThat(op.getValue().get("responses").properties()).isNotEmpty();
            }
        }
        Set<String> mapped = new TreeSet<>();
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getPackageName().equals("io.backupalarm.spring.web.internal")) {
                continue;
            }
            for (String pattern : entry.getKey().getPatternValues()) {
                assertThat(entry.getKey().getMethodsCondition().getMethods()).isNotEmpty();
                entry.getKey().getMethodsCondition().getMethods().forEach(m -> mapped.add(m.name() + " " + pattern));
            }
        }
        assertThat(mapped).isNotEmpty();
        assertThat(documented).as("documented but not mapped").isSubsetOf(mapped);
        assertThat(mapped).as("mapped but not documented").isSubsetOf(documented);
        // Every schema a document refers to is defined.
        String text = doc.toString();
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("#/components/(\\w+)/(\\w+)").matcher(text);
        while (refs.find()) {
            assertThat(doc.get("components").get(refs.group(1)).has(refs.group(2))).as(refs.group()).isTrue();
        }
    }
}
