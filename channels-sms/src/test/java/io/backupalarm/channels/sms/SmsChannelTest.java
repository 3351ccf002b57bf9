package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupalarm.spi.Channel;
import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The SMS channel")
final class SmsChannelTest {

    /** Records what it is given and answers delivered. */
    private static class RecordingGateway implements SmsGateway {
        final List<SmsRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public DeliveryResult send(SmsRequest request) {
            requests.add(request);
            return DeliveryResult.delivered("r-" + requests.size());
        }
    }

    private static OutboundMessage message(String address, OutboundMessage.Kind kind, String text) {
        return new OutboundMessage("key-1", Channel.SMS, address, kind, Locale.ENGLISH, "subject", text,
                Map.of(OutboundMessage.DataKeys.INSTANCE, "i-web1"));
    }

    private static String reason(DeliveryResult result) {
        return result instanceof DeliveryResult.PermanentFailure p ? p.reason()
                : ((DeliveryResult.TemporaryFailure) result).reason();
    }

    @Test
    @DisplayName("is named sms and hands the gateway the number in E.164 form with the key and data")
    void normalisesAndForwards() {
        RecordingGateway gateway = new RecordingGateway();
        SmsChannel channel = SmsChannel.of(gateway);
        DeliveryResult result = channel.send(message("+86 138-0013-8000", OutboundMessage.Kind.FIRING, "Backup failed"));

        assertThat(channel.name()).isEqualTo("sms");
        assertThat(result).isEqualTo(DeliveryResult.delivered("r-1"));
        assertThat(gateway.requests).singleElement().satisfies(request -> {
            assertThat(request.to()).isEqualTo("+8613800138000");
            assertThat(request.idempotencyKey()).isEqualTo("key-1");
            assertThat(request.text()).isEqualTo("Backup failed");
            assertThat(request.kind()).isEqualTo(OutboundMessage.Kind.FIRING);
            assertThat(request.data()).containsEntry(OutboundMessage.DataKeys.INSTANCE, "i-web1");
        });
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"+86 123", "8613800138000", "+447700900123", "not a number", "+1 (415) 555-2671 x\r\nBcc"})
    @DisplayName("an invalid number is a permanent failure naming the number, and nothing is sent")
    void invalidNumbers(String address) {
        RecordingGateway gateway = new RecordingGateway();
        DeliveryResult result = SmsChannel.of(gateway).send(message(address, OutboundMessage.Kind.FIRING, "x"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("phone number '" + address.replace("\r", "\\u000d").replace("\n", "\\u000a"));
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    @DisplayName("a valid number that is not a mobile number is a permanent failure naming it")
    void fixedLine() {
        RecordingGateway gateway = new RecordingGateway();
        DeliveryResult result = SmsChannel.of(gateway).send(message("+862012345678", OutboundMessage.Kind.FIRING, "x"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(reason(result)).contains("'+862012345678'", "not a mobile number", "FIXED_LINE");
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    @DisplayName("shortens alarm texts to the configured segments but sends verification codes whole")
    void shortensAlarmsOnly() {
        RecordingGateway gateway = new RecordingGateway();
        SmsChannel channel = SmsChannel.of(gateway, SmsSettings.custom().maxSegments(1).build());
        String longText = "Backup failed. ".repeat(20);
        channel.send(message("+8613800138000", OutboundMessage.Kind.REPEAT, longText));
        channel.send(message("+8613800138000", OutboundMessage.Kind.VERIFICATION_CODE, longText + "Code 123456"));

        assertThat(gateway.requests.get(0).text()).endsWith("...");
        assertThat(gateway.requests.get(0).length().segments()).isEqualTo(1);
        assertThat(gateway.requests.get(1).text()).isEqualTo(longText + "Code 123456");
    }

    @Test
    @DisplayName("a gateway that throws or returns null gives a temporary failure, never an exception")
    void guardsTheGateway() {
        SmsGateway throwing = new SmsGateway() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public DeliveryResult send(SmsRequest request) {
                throw new IllegalStateException("boom");
            }
        };
        SmsGateway silent = new SmsGateway() {
            @Override
            public String name() {
                return "silent";
            }

            @Override
            public DeliveryResult send(SmsRequest request) {
                return null;
            }
        };
        OutboundMessage message = message("+8613800138000", OutboundMessage.Kind.FIRING, "x");
        assertThat(reason(SmsChannel.of(throwing).send(message))).contains("broken", "IllegalStateException");
        assertThat(SmsChannel.of(silent).send(message)).isInstanceOf(DeliveryResult.TemporaryFailure.class);
    }

    @Test
    @DisplayName("a message for another channel is a permanent failure")
    void otherChannel() {
        OutboundMessage email = new OutboundMessage("key-1", Channel.EMAIL, "+8613800138000",
                OutboundMessage.Kind.FIRING, Locale.ENGLISH, "s", "t", Map.of());
        assertThat(SmsChannel.of(new RecordingGateway()).send(email)).isInstanceOf(DeliveryResult.PermanentFailure.class);
    }

    @Test
    @DisplayName("the logging gateway sends nothing, reports the message delivered and logs it on one line")
    void loggingGateway() {
        TestLog log = TestLog.mark();

        DeliveryResult result = SmsChannel.of(SmsGateways.logging())
                .send(message("+14155552671", OutboundMessage.Kind.FIRING, "Backup failed 😀\nFORGED: second line"));

        assertThat(result).isEqualTo(DeliveryResult.delivered("logged:key-1"));
        assertThat(log.since()).contains("Backup failed 😀\\u000aFORGED: second line")
                .satisfies(logged -> assertThat(logged.lines()).noneMatch(line -> line.startsWith("FORGED")));
    }

    @Test
    @DisplayName("a gateway's exception is logged escaped with its stack trace; the reason names only its class")
    void gatewayExceptionLogged() {
        SmsGateway throwing = new SmsGateway() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public DeliveryResult send(SmsRequest request) {
                throw new IllegalStateException("provider said: no\r\nFORGED: token=abc123",
                        new IOException("cause\nFORGED: cause line"));
            }
        };
        TestLog log = TestLog.mark();

        DeliveryResult result = SmsChannel.of(throwing).send(message("+8613800138000", OutboundMessage.Kind.FIRING, "x"));

        assertThat(reason(result)).isEqualTo("sms gateway 'broken' threw java.lang.IllegalStateException "
                + "(stack trace in the log)");
        String logged = log.since();
        assertThat(logged).contains("java.lang.IllegalStateException: provider said: no\\u000d\\u000aFORGED")
                .contains("Caused by: java.io.IOException: cause\\u000aFORGED: cause line")
                .contains("at io.backupalarm.channels.sms.SmsChannelTest")
                .doesNotContain("\r");
        assertThat(logged.lines()).noneMatch(line -> line.startsWith("FORGED"));
    }

    @Test
    @DisplayName("an Error thrown by a gateway is not caught")
    void errorsPropagate() {
        SmsGateway failing = new SmsGateway() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public DeliveryResult send(SmsRequest request) {
                throw new LinkageError("a class the gateway needs is missing");
            }
        };

        assertThatThrownBy(() -> SmsChannel.of(failing).send(message("+8613800138000", OutboundMessage.Kind.FIRING, "x")))
                .isInstanceOf(LinkageError.class);
    }

    @Test
    @DisplayName("closing closes the gateway once; a closed channel answers with a temporary failure")
    void close() {
        AtomicInteger closes = new AtomicInteger();
        RecordingGateway gateway = new RecordingGateway() {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        SmsChannel channel = SmsChannel.of(gateway);

        channel.close();
        channel.close();

        assertThat(closes.get()).isEqualTo(1);
        assertThat(channel.send(message("+8613800138000", OutboundMessage.Kind.FIRING, "x")))
                .isEqualTo(DeliveryResult.temporaryFailure("the sms channel is closed"));
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    @DisplayName("a gateway whose close throws is logged, and closing the channel carries on")
    void gatewayCloseThrows() {
        RecordingGateway gateway = new RecordingGateway() {
            @Override
            public void close() {
                throw new IllegalStateException("already gone");
            }
        };
        TestLog log = TestLog.mark();

        SmsChannel.of(gateway).close();

        assertThat(log.since()).contains("closing sms gateway 'recording' failed: java.lang.IllegalStateException: already gone");
    }
}
