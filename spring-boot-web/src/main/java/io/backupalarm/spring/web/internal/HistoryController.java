package io.backupalarm.spring.web.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.history.HistoryPage;
import io.backupalarm.history.HistoryQuery;
import io.backupalarm.lifecycle.AlarmKey;
import io.backupalarm.lifecycle.AlarmType;
import io.backupalarm.spi.OutboundMessage;
import io.backupalarm.text.SafeText;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alarm and delivery history of an account, newest first, paged by cursor. Stateless;
 * thread-safe.
 */
@RestController
@RequestMapping("${backup-alarm.web.base-path:/backup-alarm}/api/accounts/{account}/history")
public final class HistoryController {

    private final Api api;

    /**
     * The controller.
     *
     * @param api the shared support
     */
    public HistoryController(Api api) {
        this.api = api;
    }

    /**
     * A page of the alarm history.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items, nextCursor}}
     */
    @GetMapping("/alarms")
    public ResponseEntity<byte[]> alarms(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request, "vault", "instance", "type", "job", "event", "from", "until", "limit", "after");
        HistoryQuery.Builder query = common(request, account);
        String event = request.getParameter("event");
        if (event != null) {
            query.event(AlarmsController.enumParam(AlarmHistoryEntry.Event.class, "event", event));
        }
        HistoryPage<AlarmHistoryEntry> page = api.engine().alarmHistory(build(query));
        return Api.ok(page(page.items().stream().map(e -> (Object) Views.alarmEntry(e)).toList(), page));
    }

    /**
     * A page of the delivery history.
     *
     * @param account the account
     * @param request the request
     * @return {@code {items, nextCursor}}
     */
    @GetMapping("/deliveries")
    public ResponseEntity<byte[]> deliveries(@PathVariable("account") String account, HttpServletRequest request) {
        api.read(request, account);
        Api.params(request, "vault", "instance", "type", "kind", "outcome", "channel", "address", "notificationKey",
                "from", "until", "limit", "after");
        HistoryQuery.Builder query = common(request, account);
        String kind = request.getParameter("kind");
        String outcome = request.getParameter("outcome");
        try {
            if (kind != null) {
                query.kind(AlarmsController.enumParam(OutboundMessage.Kind.class, "kind", kind));
            }
            if (outcome != null) {
                query.outcome(AlarmsController.enumParam(DeliveryRecord.Outcome.class, "outcome", outcome));
            }
            query.channel(request.getParameter("channel"));
            query.address(request.getParameter("address"));
            query.notificationKey(request.getParameter("notificationKey"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.malformed(fieldOf(e.getMessage()), e.getMessage());
        }
        HistoryPage<DeliveryRecord> page = api.engine().deliveryHistory(build(query));
        return Api.ok(page(page.items().stream().map(r -> (Object) Views.delivery(r)).toList(), page));
    }

    private static Map<String, Object> page(List<Object> items, HistoryPage<?> page) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("items", items);
        out.put("nextCursor", page.nextCursor().orElse(null));
        return out;
    }

    private static HistoryQuery build(HistoryQuery.Builder query) {
        try {
            return query.build();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.malformed(fieldOf(e.getMessage()), e.getMessage());
        }
    }

    /** The filters both histories share, the account always the path's. */
    private static HistoryQuery.Builder common(HttpServletRequest request, String account) {
        HistoryQuery.Builder query = HistoryQuery.builder().account(account);
        String type = request.getParameter("type");
        String instance = request.getParameter("instance");
        String job = request.getParameter("job");
        AlarmType alarmType = type == null ? null : AlarmsController.enumParam(AlarmType.class, "type", type);
        try {
            query.vault(request.getParameter("vault"));
            if (job != null) {
                if (alarmType == null || instance == null) {
                    throw ApiProblem.malformed("job", "query parameter job needs type and instance too: together "
                            + "they name one alarm");
                }
                query.alarm(new AlarmKey(alarmType, instance, job));
            } else {
                query.instance(instance);
                query.type(alarmType);
            }
            String from = request.getParameter("from");
            String until = request.getParameter("until");
            Instant fromInstant = from == null ? null : instant("from", from);
            Instant untilInstant = until == null ? null : instant("until", until);
            query.from(fromInstant);
            query.until(untilInstant);
            String limit = request.getParameter("limit");
            if (limit != null) {
                int max;
                try {
                    max = Integer.parseInt(limit);
                } catch (NumberFormatException e) {
                    throw ApiProblem.malformed("limit", "query parameter limit '" + SafeText.printable(limit)
                            + "' is not a whole number (1 to " + HistoryQuery.MAX_LIMIT + ")");
                }
                query.limit(max);
            }
            String after = request.getParameter("after");
            if (after != null) {
                try {
                    query.after(after);
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.malformed("after", e.getMessage());
                }
            }
        } catch (IllegalArgumentException e) {
            throw ApiProblem.malformed(fieldOf(e.getMessage()), e.getMessage());
        }
        return query;
    }

    private static Instant instant(String param, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.malformed(param, "query parameter " + param + " '" + SafeText.printable(text)
                    + "' is not an ISO-8601 instant such as 2026-11-30T08:15:00Z");
        }
    }

    /** The query parameter a history query's message is about. */
    private static String fieldOf(String message) {
        for (String name : List.of("limit", "range", "instance", "vault", "channel", "address", "notificationKey",
                "cursor", "job")) {
            if (message.contains("query " + name) || message.startsWith(name)) {
                return switch (name) {
                    case "range" -> "from";
                    case "cursor" -> "after";
                    default -> name;
                };
            }
        }
        return "";
    }
}
