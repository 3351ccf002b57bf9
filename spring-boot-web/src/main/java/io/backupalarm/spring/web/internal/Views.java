package io.backupalarm.spring.web.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backupalarm.config.AlarmMatcher;
import io.backupalarm.config.AlarmPolicy;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactAddress;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.history.AlarmHistoryEntry;
import io.backupalarm.history.DeliveryRecord;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.policy.Recipient;
import io.backupalarm.policy.Resolution;
import io.backupalarm.policy.ResolvedRecipient;
import io.backupalarm.policy.Via;
import io.backupalarm.quiet.Silence;

/**
 * The JSON representations of the library's values, as {@code docs/admin-api.md} describes them:
 * ordered maps of strings, numbers, booleans, lists and nulls, so that equal states give equal
 * bytes (and equal ETags). Stateless; thread-safe.
 */
final class Views {

    private Views() {
    }

    /** A map that keeps nulls and insertion order. */
    private static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }

    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static Map<String, Object> contact(Contact c) {
        Map<String, Object> m = map();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("email", text(c.email()));
        m.put("emailVerified", c.emailVerified());
        m.put("mobile", text(c.mobile()));
        m.put("mobileVerified", c.mobileVerified());
        List<Object> addresses = new ArrayList<>();
        for (ContactAddress a : c.addresses()) {
            Map<String, Object> am = map();
            am.put("channel", a.channel());
            am.put("address", a.address());
            am.put("secret", a.secret());
            am.put("verified", a.verified());
            addresses.add(am);
        }
        m.put("addresses", addresses);
        m.put("verified", (c.email() == null || c.emailVerified()) && (c.mobile() == null || c.mobileVerified())
                && c.addresses().stream().allMatch(ContactAddress::verified));
        return m;
    }

    static Map<String, Object> group(ContactGroup g) {
        Map<String, Object> m = map();
        m.put("id", g.id());
        m.put("name", g.name());
        m.put("members", g.members().stream().sorted().toList());
        m.put("memberCount", g.members().size());
        return m;
    }

    static Map<String, Object> policy(AlarmPolicy p) {
        Map<String, Object> m = map();
        m.put("mode", p instanceof VaultAlarmPolicy v ? v.mode().name() : ((InstanceAlarmPolicy) p).mode().name());
        m.put("contacts", p.contacts().stream().sorted().toList());
        m.put("groups", p.groups().stream().sorted().toList());
        return m;
    }

    static Map<String, Object> explanation(Resolution r) {
        Map<String, Object> m = map();
        m.put("instance", r.instance());
        m.put("vault", r.vault());
        m.put("account", r.account());
        m.put("decidedBy", r.decidedBy().name());
        m.put("mode", r.mode().name());
        List<Object> recipients = new ArrayList<>();
        for (ResolvedRecipient rr : r.recipients()) {
            Map<String, Object> rm = map();
            rm.put("channel", rr.recipient().channel());
            rm.put("address", rr.recipient().address());
            List<Object> via = new ArrayList<>();
            for (Via v : rr.via()) {
                Map<String, Object> vm = map();
                vm.put("account", v.account());
                vm.put("contact", v.contact());
                vm.put("group", v.group());
                via.add(vm);
            }
            rm.put("via", via);
            recipients.add(rm);
        }
        m.put("recipients", recipients);
        return m;
    }

    static List<Object> recipients(Iterable<Recipient> recipients) {
        List<Recipient> sorted = new ArrayList<>();
        recipients.forEach(sorted::add);
        sorted.sort(null);
        List<Object> out = new ArrayList<>();
        for (Recipient r : sorted) {
            Map<String, Object> rm = map();
            rm.put("channel", r.channel());
            rm.put("address", r.address());
            out.add(rm);
        }
        return out;
    }

    static Map<String, Object> alarm(OpenAlarm a) {
        Map<String, Object> m = map();
        m.put("type", a.key().type().name());
        m.put("instance", a.key().instance());
        m.put("job", a.key().job());
        m.put("state", a.state().name());
        m.put("openedAt", text(a.openedAt()));
        m.put("occurrences", a.occurrences());
        m.put("message", a.message());
        m.put("nextDue", text(a.nextDue()));
        m.put("firedAt", text(a.firedAt()));
        m.put("announcedAt", text(a.announcedAt()));
        m.put("repeats", a.repeats());
        m.put("vault", a.vault());
        m.put("recipients", recipients(a.recipients()));
        if (a.acknowledgement() == null) {
            m.put("acknowledgement", null);
        } else {
            Map<String, Object> ack = map();
            ack.put("by", a.acknowledgement().by());
            ack.put("comment", a.acknowledgement().comment());
            ack.put("at", text(a.acknowledgement().at()));
            m.put("acknowledgement", ack);
        }
        return m;
    }

    static Map<String, Object> matcher(AlarmMatcher matcher) {
        Map<String, Object> m = map();
        m.put("vault", matcher.vault());
        m.put("instance", matcher.instance());
        m.put("alarm", matcher.alarm() == null ? null : matcher.alarm().name());
        return m;
    }

    static Map<String, Object> silence(Silence s, Instant now) {
        Map<String, Object> m = map();
        m.put("id", s.id());
        m.put("matcher", matcher(s.matcher()));
        m.put("starts", text(s.starts()));
        m.put("ends", text(s.ends()));
        m.put("createdBy", s.createdBy());
        m.put("comment", s.comment());
        m.put("expiredAt", text(s.expiredAt()));
        m.put("active", s.activeAt(now));
        return m;
    }

    static Map<String, Object> notification(Notification n) {
        Map<String, Object> m = map();
        m.put("key", n.key());
        m.put("kind", n.message().kind().name());
        m.put("channel", n.message().channel());
        m.put("address", n.message().address());
        m.put("alarm", n.alarm() == null ? null : n.alarm().name());
        m.put("instance", n.instance());
        m.put("vault", n.vault());
        m.put("status", n.status().name());
        m.put("attempts", n.attempts());
        m.put("createdAt", text(n.createdAt()));
        m.put("nextAttemptAt", text(n.nextAttemptAt()));
        m.put("finishedAt", text(n.finishedAt()));
        m.put("receipt", n.receipt());
        m.put("lastError", n.lastError());
        return m;
    }

    static Map<String, Object> alarmEntry(AlarmHistoryEntry e) {
        Map<String, Object> m = map();
        m.put("sequence", e.sequence());
        m.put("at", text(e.at()));
        m.put("node", e.node());
        m.put("vault", e.vault());
        m.put("type", e.type().name());
        m.put("instance", e.instance());
        m.put("job", e.job());
        m.put("openedAt", text(e.openedAt()));
        m.put("event", e.event().name());
        m.put("detail", e.detail());
        return m;
    }

    static Map<String, Object> delivery(DeliveryRecord r) {
        Map<String, Object> m = map();
        m.put("sequence", r.sequence());
        m.put("at", text(r.at()));
        m.put("node", r.node());
        m.put("notificationKey", r.notificationKey());
        m.put("kind", r.kind().name());
        m.put("channel", r.channel());
        m.put("address", r.address());
        m.put("vault", r.vault());
        m.put("instance", r.instance());
        m.put("type", r.type() == null ? null : r.type().name());
        m.put("job", r.job());
        m.put("items", r.items());
        m.put("attempt", r.attempt());
        m.put("outcome", r.outcome().name());
        m.put("receipt", r.receipt());
        m.put("error", r.error());
        m.put("durationMillis", r.duration().toMillis());
        return m;
    }
}
