package io.backupalarm.examples;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.backupalarm.channels.email.EmailChannel;
import io.backupalarm.channels.email.EmailSettings;
import io.backupalarm.channels.email.SmtpSecurity;
import io.backupalarm.channels.sms.SmsChannel;
import io.backupalarm.channels.sms.SmsGateways;
import io.backupalarm.channels.sms.WebhookSmsSettings;
import io.backupalarm.config.Account;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.config.ContactGroup;
import io.backupalarm.config.EmailAddress;
import io.backupalarm.config.Instance;
import io.backupalarm.config.InstanceAlarmPolicy;
import io.backupalarm.config.MobileNumber;
import io.backupalarm.config.Vault;
import io.backupalarm.config.VaultAlarmPolicy;
import io.backupalarm.delivery.Notification;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmListener;
import io.backupalarm.lifecycle.AlarmSettings;
import io.backupalarm.lifecycle.ManualClock;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.lifecycle.OpenAlarm;
import io.backupalarm.spi.Channel;
import io.backupalarm.spi.ConfigurationStore;
import io.backupalarm.verification.VerificationOutcome;
import io.backupalarm.verification.VerificationService;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quick start: a backup product embedding backup-alarm on its embedded defaults, told as a
 * short story that runs in a few seconds.
 *
 * <ul>
 *   <li>The configuration lives in memory ({@link ConfigurationStore#inMemory()}).</li>
 *   <li>Email goes over SMTP to a real mail server started inside the example (GreenMail on
 *       {@code 127.0.0.1}); each person reads their mailbox over IMAP, as a mail client
 *       would.</li>
 *   <li>SMS goes through the SMS channel's signed webhook gateway, as real HTTP requests, to a
 *       {@link LoopbackSmsReceiver} on {@code 127.0.0.1} that checks the signature and plays
 *       the phones.</li>
 *   <li>Time is a {@link ManualClock} that the story moves with
 *       {@link ManualTime#advanceTo(Instant)}. The grace periods keep their real length (one
 *       hour), nothing waits in real time, and every delivery happens on the story's thread,
 *       so the output comes out in order. (The alternative, a real clock with grace periods of
 *       seconds, would hand deliveries to the engine's sender threads and make the story wait
 *       for them.)</li>
 * </ul>
 *
 * <p>Run it from the repository root with
 * {@code mvn -q -pl examples -am verify -Pquickstart}.
 *
 * <p>Not thread-safe: one story at a time, on one thread.
 */
public final class QuickStart {

    /** When the story begins (virtual time). */
    public static final Instant STORY_START = Instant.parse("2026-11-27T09:00:00Z");

    /** The secret the SMS webhook gateway and the loopback receiver share. */
    private static final String SMS_SECRET = "quickstart-shared-secret-0123";

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    private final PrintStream out;
    private final ManualClock clock = new ManualClock(STORY_START);
    private final Map<String, Integer> mailRead = new HashMap<>();
    private int textsRead;
    private Duration groupWait = Duration.ZERO;
    private GreenMail mailServer;
    private LoopbackSmsReceiver phones;

    private QuickStart(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the quick start, printing to standard output.
     *
     * @param args ignored
     * @throws Exception if the story cannot run (a port cannot be bound, a server fails)
     */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Runs the quick start: configures, verifies, plays the story and stops every server it
     * started.
     *
     * @param out where the story is printed
     * @throws Exception if the story cannot run (a port cannot be bound, a server fails)
     */
    public static void run(PrintStream out) throws Exception {
        new QuickStart(out).play();
    }

    private void play() throws Exception {
        mailServer = new GreenMail(new ServerSetup[] {
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mailServer.start();
        try (LoopbackSmsReceiver receiver = LoopbackSmsReceiver.start(SMS_SECRET, line -> out.println("    " + line))) {
            phones = receiver;
            tell();
        } finally {
            mailServer.stop();
        }
    }

    private void tell() throws Exception {
        out.println("backup-alarm quick start");
        out.println("  mail server (GreenMail): SMTP 127.0.0.1:" + mailServer.getSmtp().getPort()
                + ", IMAP 127.0.0.1:" + mailServer.getImap().getPort());
        out.println("  SMS: webhook gateway -> " + phones.url());
        out.println("  time: a manual clock starting at " + STORY_START + ", moved by the story");

        // --- The channels: SMTP to the mail server, and the SMS webhook gateway.
        EmailChannel email = EmailChannel.create(EmailSettings.custom()
                .host("127.0.0.1")
                .port(mailServer.getSmtp().getPort())
                .security(SmtpSecurity.NONE)      // a local test server; use STARTTLS or TLS in production
                .ehloName("localhost")
                .from("alarms@backup.example")
                .fromName("Backup alarms")
                .build());
        Channel sms = SmsChannel.of(SmsGateways.webhook(WebhookSmsSettings.custom()
                .url(phones.url())
                .secret(SMS_SECRET)
                .build()));

        // --- The configuration: in memory, changed only through the administration service.
        ConfigurationStore store = ConfigurationStore.inMemory();
        ConfigurationAdmin admin = ConfigurationAdmin.on(store);

        step("1. An account and two contacts");
        admin.createAccount(new Account("acme", EmailAddress.of("ops@acme.example"),
                MobileNumber.of("+8613900139000")));
        admin.createContact(Contact.unverified("c-alice", "acme", "Alice",
                EmailAddress.of("alice@acme.example"), MobileNumber.of("+8613800138000")));
        admin.createContact(Contact.unverified("c-bob", "acme", "Bob",
                EmailAddress.of("bob@acme.example"), null));
        out.println("  account acme: default recipients ops@acme.example and +8613900139000");
        out.println("  contact c-alice (Alice): alice@acme.example, +8613800138000, not verified yet");
        out.println("  contact c-bob (Bob): bob@acme.example, not verified yet");
        for (String person : List.of("alice@acme.example", "bob@acme.example")) {
            mailServer.setUser(person, person, "password");
        }

        step("2. Each address is verified: a code is sent, the person reads it and types it back");
        VerificationService verification = VerificationService.builder()
                .configuration(store)
                .clock(clock)
                .channel(email)
                .channel(sms)
                .build();
        verify(verification, "c-alice", Channel.EMAIL, "alice@acme.example");
        verify(verification, "c-alice", Channel.SMS, "+8613800138000");
        verify(verification, "c-bob", Channel.EMAIL, "bob@acme.example");

        step("3. A group, a vault policy and an instance policy");
        admin.createGroup(new ContactGroup("g-oncall", "acme", "On call", Set.of("c-alice", "c-bob")));
        admin.createVault(new Vault("v-prod", "acme", null));
        admin.setVaultPolicy("v-prod", VaultAlarmPolicy.customized(Set.of(), Set.of("g-oncall")));
        admin.createInstance(new Instance("i-web1", "v-prod", null));
        admin.createInstance(new Instance("i-db1", "v-prod", null));
        admin.setInstancePolicy("i-db1", InstanceAlarmPolicy.customized(Set.of("c-alice"), Set.of()));
        out.println("  group g-oncall (On call): Alice and Bob");
        out.println("  vault v-prod: CUSTOMIZED, group g-oncall");
        out.println("  instance i-web1: SAME_AS_VAULT, so the on-call group is told");
        out.println("  instance i-db1: CUSTOMIZED, contact c-alice; the instance level wins, only Alice is told");

        // --- The engine: grace periods of one hour and a group wait of 30 seconds (the defaults), and
        // a notice when an alarm resolves.
        AlarmSettings settings = AlarmSettings.custom()
                .disconnectGracePeriod(Duration.ofHours(1))
                .backupFailureGracePeriod(Duration.ofHours(1))
                .groupWait(Duration.ofSeconds(30))
                .notifyOnResolved(true)
                .build();
        groupWait = settings.groupWait();
        try (AlarmEngine engine = AlarmEngine.builder()
                .configuration(store)
                .settings(settings)
                .manualTime(clock)                  // the story moves time itself
                .channel(email)
                .channel(sms)
                .listener(new StoryListener())
                .build()) {
            step("4. The story, grace period one hour; what falls due for a person within 30 seconds goes out "
                    + "as one message, 30 seconds later");

            event(engine, "09:30", "i-web1 loses its connection",
                    at -> new AlarmEvent.ClientDisconnected("i-web1", at));
            event(engine, "09:50", "i-web1 is back after 20 minutes",
                    at -> new AlarmEvent.ClientConnected("i-web1", at));
            event(engine, "10:00", "i-db1 loses its connection, and stays away",
                    at -> new AlarmEvent.ClientDisconnected("i-db1", at));
            event(engine, "10:15", "the nightly backup of i-web1 fails",
                    at -> new AlarmEvent.BackupFailed("i-web1", "nightly", "disk full", at));
            pass(engine, "11:00", "one hour after i-db1 left");
            pass(engine, "11:15", "one hour after the backup failed");
            event(engine, "11:40", "the nightly backup of i-web1 succeeds",
                    at -> new AlarmEvent.BackupSucceeded("i-web1", "nightly", at));
            pass(engine, "12:00", "the end of the story");

            out.println("  still open: " + engine.openAlarms().stream()
                    .map(alarm -> alarm.key() + " (" + alarm.state() + ")").toList());
            out.println("  dead letters: " + engine.deadLetters().size());
        } finally {
            email.close();
        }
        out.println();
        out.println("Done.");
    }

    /** Sends a code, reads it where the person would, and types it back. */
    private void verify(VerificationService verification, String contactId, String channel, String address)
            throws Exception {
        verification.start(contactId, channel);
        String message = Channel.EMAIL.equals(channel) ? lastMail(address) : lastText(address);
        Matcher code = CODE.matcher(message);
        if (!code.find()) {
            throw new IllegalStateException("no code in the message to " + address + ": " + message);
        }
        VerificationOutcome outcome = verification.confirm(contactId, channel, code.group(1));
        out.println("  " + address + " (" + channel + ") received code " + code.group(1) + ", typed it back: "
                + outcome);
        if (outcome != VerificationOutcome.VERIFIED) {
            throw new IllegalStateException(address + " was not verified: " + outcome);
        }
    }

    /** Reports an event at a time of the story, then shows what each recipient received. */
    private void event(AlarmEngine engine, String time, String what, Function<Instant, AlarmEvent> event)
            throws Exception {
        Instant at = time(time);
        out.println();
        out.println("[" + time + "] " + what);
        ManualTime.of(engine).advanceTo(at);
        engine.report(event.apply(at));
        ManualTime.of(engine).advanceTo(at.plus(groupWait)); // what the event caused goes out with its group
        showReceived();
    }

    /** Lets time pass to a time of the story, then shows what each recipient received. */
    private void pass(AlarmEngine engine, String time, String what) throws Exception {
        out.println();
        out.println("[" + time + "] time passes: " + what);
        ManualTime.of(engine).advanceTo(time(time).plus(groupWait));
        showReceived();
    }

    private static Instant time(String hhmm) {
        return Instant.parse("2026-11-27T" + hhmm + ":00Z");
    }

    private void step(String title) {
        out.println();
        out.println(title);
    }

    /** Prints what arrived since the last look, mailbox by mailbox and phone by phone. */
    private void showReceived() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String person : List.of("alice@acme.example", "bob@acme.example", "ops@acme.example")) {
            List<String> inbox = subjects(person);
            int seen = mailRead.getOrDefault(person, 0);
            for (String subject : inbox.subList(Math.min(seen, inbox.size()), inbox.size())) {
                lines.add("    " + person + " (email) received: \"" + subject + "\"");
            }
            mailRead.put(person, inbox.size());
        }
        List<LoopbackSmsReceiver.Text> texts = phones.received();
        for (LoopbackSmsReceiver.Text text : texts.subList(textsRead, texts.size())) {
            lines.add("    " + text.to() + " (sms) received: \"" + text.text() + "\"");
        }
        textsRead = texts.size();
        if (lines.isEmpty()) {
            out.println("    nobody received anything");
        } else {
            lines.forEach(out::println);
        }
    }

    private String lastMail(String address) throws Exception {
        List<String> bodies = readMailbox(address, true);
        mailRead.put(address, bodies.size());
        return bodies.get(bodies.size() - 1);
    }

    private String lastText(String number) {
        List<LoopbackSmsReceiver.Text> texts = phones.received();
        textsRead = texts.size();
        return texts.stream().filter(t -> t.to().equals(number)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no text for " + number)).text();
    }

    private List<String> subjects(String address) throws Exception {
        return readMailbox(address, false);
    }

    /** Reads a mailbox over IMAP: the subjects, or the plain-text bodies. */
    private List<String> readMailbox(String address, boolean bodies) throws Exception {
        if (mailServer.getUserManager().getUser(address) == null) {
            mailServer.setUser(address, address, "password");
        }
        Session session = Session.getInstance(new Properties());
        Store imap = session.getStore("imap");
        imap.connect("127.0.0.1", mailServer.getImap().getPort(), address, "password");
        try {
            Folder inbox = imap.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<String> result = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    result.add(bodies ? plainText(message) : message.getSubject());
                }
                return result;
            } finally {
                inbox.close(false);
            }
        } finally {
            imap.close();
        }
    }

    private static String plainText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = plainText(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    /** Prints what the engine decides, as it decides it. */
    private final class StoryListener implements AlarmListener {

        @Override
        public void onOpened(OpenAlarm alarm) {
            out.println("    alarm " + alarm.key() + " opened: pending, fires at " + HH_MM.format(alarm.nextDue())
                    + " if still open");
        }

        @Override
        public void onCancelled(OpenAlarm alarm, Instant at) {
            out.println("    alarm " + alarm.key() + " cancelled while pending: nobody told");
        }

        @Override
        public void onFired(OpenAlarm alarm) {
            out.println("    alarm " + alarm.key() + " fired at " + HH_MM.format(alarm.firedAt()) + ", telling "
                    + alarm.recipients().stream().sorted().toList());
        }

        @Override
        public void onResolved(OpenAlarm alarm, Instant at) {
            out.println("    alarm " + alarm.key() + " resolved: telling " + alarm.recipients().stream().sorted().toList());
        }

        @Override
        public void onDeadLettered(Notification notification) {
            out.println("    could not deliver to " + notification.message().address() + ": " + notification.lastError());
        }
    }
}
