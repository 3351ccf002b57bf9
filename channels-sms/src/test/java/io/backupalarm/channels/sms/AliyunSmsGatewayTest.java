package io.backupalarm.channels.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.spi.DeliveryResult;
import io.backupalarm.spi.OutboundMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The Alibaba Cloud gateway")
final class AliyunSmsGatewayTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);

    private FakeAliyun aliyun;

    @BeforeEach
    void start() throws Exception {
        aliyun = new FakeAliyun();
    }

    @AfterEach
    void stop() {
        aliyun.close();
    }

    private AliyunSmsSettings.Builder settings() {
        AtomicInteger nonce = new AtomicInteger();
        return AliyunSmsSettings.custom()
                .accessKeyId(FakeAliyun.KEY_ID).accessKeySecret(FakeAliyun.SECRET)
                .signName("BackupAlarm")
                .templateCode("SMS_100000001")
                .templateCode(OutboundMessage.Kind.VERIFICATION_CODE, "SMS_100000002")
                .endpoint(aliyun.endpoint())
                .transport(HttpTransport.custom().clock(CLOCK).build())
                .nonces(() -> "nonce-" + nonce.incrementAndGet());
    }

    private static SmsRequest firing(String to) {
        return new SmsRequest("key-1", to, "Backup client i-web1 disconnected", OutboundMessage.Kind.FIRING,
                Locale.CHINA, Map.of(OutboundMessage.DataKeys.ALARM, "CLIENT_DISCONNECTED",
                        OutboundMessage.DataKeys.INSTANCE, "i-web1"));
    }

    @Test
    @DisplayName("posts a signed SendSms form with every documented parameter, and the provider accepts it")
    void postsTheFullRequest() {
        DeliveryResult result = SmsGateways.aliyun(settings().build()).send(firing("+8613800138000"));

        assertThat(result).isEqualTo(DeliveryResult.delivered("900619746936498440^0"));
        LoopbackServer.Received request = aliyun.server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        Map<String, String> form = request.form();
        Map<String, String> expected = new TreeMap<>();
        expected.put("AccessKeyId", "testid");
        expected.put("Action", "SendSms");
        expected.put("Format", "JSON");
        expected.put("RegionId", "cn-hangzhou");
        expected.put("SignatureMethod", "HMAC-SHA1");
        expected.put("SignatureNonce", "nonce-1");
        expected.put("SignatureVersion", "1.0");
        expected.put("Timestamp", "2026-11-27T10:15:30Z");
        expected.put("Version", "2017-05-25");
        expected.put("PhoneNumbers", "8613800138000");
        expected.put("SignName", "BackupAlarm");
        expected.put("TemplateCode", "SMS_100000001");
        expected.put("TemplateParam", "{\"alarm\":\"CLIENT_DISCONNECTED\",\"instance\":\"i-web1\"}");
        expected.put("OutId", "key-1");
        assertThat(form).containsAllEntriesOf(expected).containsKey("Signature").hasSize(expected.size() + 1);
        // The body is RFC 3986 encoded: no '+' for spaces, ':' and '{' escaped.
        assertThat(request.bodyText()).contains("Timestamp=2026-11-27T10%3A15%3A30Z").doesNotContain("+");
    }

    @Test
    @DisplayName("with ACS3-HMAC-SHA256, signs the x-acs headers and the form body, and the provider accepts it")
    void postsAnAcs3Request() {
        DeliveryResult result = SmsGateways.aliyun(settings()
                .signatureVersion(AliyunSignatureVersion.ACS3_HMAC_SHA256).build()).send(firing("+8613800138000"));

        assertThat(result).isEqualTo(DeliveryResult.delivered("900619746936498440^0"));
        LoopbackServer.Received request = aliyun.server.only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/");
        assertThat(request.header("x-acs-action")).isEqualTo("SendSms");
        assertThat(request.header("x-acs-version")).isEqualTo("2017-05-25");
        assertThat(request.header("x-acs-date")).isEqualTo("2026-11-27T10:15:30Z");
        assertThat(request.header("x-acs-signature-nonce")).isEqualTo("nonce-1");
        assertThat(request.header("Authorization")).startsWith("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders="
                + "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                + "Signature=");
        assertThat(request.form()).containsOnlyKeys("OutId", "PhoneNumbers", "RegionId", "SignName", "TemplateCode",
                "TemplateParam").containsEntry("OutId", "key-1").containsEntry("PhoneNumbers", "8613800138000");
    }

    @Test
    @DisplayName("with ACS3-HMAC-SHA256, a wrong secret is refused as SignatureDoesNotMatch")
    void acs3WrongSecret() {
        DeliveryResult result = SmsGateways.aliyun(settings().accessKeySecret("wrong-secret-value")
                .signatureVersion(AliyunSignatureVersion.ACS3_HMAC_SHA256).build()).send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("SignatureDoesNotMatch")
                .doesNotContain("wrong-secret-value");
    }

    @Test
    @DisplayName("sends the verification-code template for a verification code")
    void verificationTemplate() {
        SmsRequest code = new SmsRequest("key-2", "+8613800138000", "Your code is 123456",
                OutboundMessage.Kind.VERIFICATION_CODE, Locale.CHINA,
                Map.of(OutboundMessage.DataKeys.CODE, "123456", OutboundMessage.DataKeys.CODE_VALID_MINUTES, "10"));
        assertThat(SmsGateways.aliyun(settings().build()).send(code)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(aliyun.server.only().form())
                .containsEntry("TemplateCode", "SMS_100000002")
                .containsEntry("TemplateParam", "{\"code\":\"123456\",\"codeValidMinutes\":\"10\"}");
    }

    @Test
    @DisplayName("sends the grouped template with the count and the first clients that fit one template variable")
    void groupedTemplate() {
        String instances = IntStream.rangeClosed(1, 300).mapToObj(i -> "i-web" + i).collect(Collectors.joining(","));
        SmsRequest grouped = new SmsRequest("key-3", "+8613800138000", "Backup alarm: 300 notifications",
                OutboundMessage.Kind.GROUPED, Locale.CHINA, Map.of(OutboundMessage.DataKeys.COUNT, "300",
                        OutboundMessage.DataKeys.INSTANCES, instances, OutboundMessage.DataKeys.ACCOUNT, "acct-1"));
        AliyunSmsSettings withGrouped = settings().templateCode(OutboundMessage.Kind.GROUPED, "SMS_100000003").build();

        assertThat(SmsGateways.aliyun(withGrouped).send(grouped)).isInstanceOf(DeliveryResult.Delivered.class);
        // "i-web1,...,i-web5" is 34 characters; a sixth id would pass 35, Alibaba's most for a variable.
        assertThat(aliyun.server.only().form())
                .containsEntry("TemplateCode", "SMS_100000003")
                .containsEntry("TemplateParam", "{\"account\":\"acct-1\",\"count\":\"300\","
                        + "\"instances\":\"i-web1,i-web2,i-web3,i-web4,i-web5\"}");
    }

    @Test
    @DisplayName("a grouped message whose first client alone is too long for a variable sends it cut, with an ellipsis")
    void groupedTemplateLongId() {
        String longId = "i-" + "0123456789".repeat(5);
        SmsRequest grouped = new SmsRequest("key-4", "+8613800138000", "Backup alarm: 2 notifications",
                OutboundMessage.Kind.GROUPED, Locale.CHINA, Map.of(OutboundMessage.DataKeys.COUNT, "2",
                        OutboundMessage.DataKeys.INSTANCES, longId + ",i-web1"));
        assertThat(SmsGateways.aliyun(settings().build()).send(grouped)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(aliyun.server.only().form()).containsEntry("TemplateCode", "SMS_100000001")
                .containsEntry("TemplateParam", "{\"count\":\"2\",\"instances\":\"" + longId.substring(0, 34)
                        + "…\"}");
    }

    @Test
    @DisplayName("sends the test template for a test notification, with its data untouched")
    void testTemplate() {
        SmsRequest test = new SmsRequest("key-5", "+8613800138000", "Backup alarm test", OutboundMessage.Kind.TEST,
                Locale.CHINA, Map.of(OutboundMessage.DataKeys.INSTANCE, "i-web1", OutboundMessage.DataKeys.VAULT,
                        "v-prod"));
        assertThat(SmsGateways.aliyun(settings().templateCode(OutboundMessage.Kind.TEST, "SMS_100000004").build())
                .send(test)).isInstanceOf(DeliveryResult.Delivered.class);
        assertThat(aliyun.server.only().form()).containsEntry("TemplateCode", "SMS_100000004")
                .containsEntry("TemplateParam", "{\"instance\":\"i-web1\",\"vault\":\"v-prod\"}");
    }

    @Test
    @DisplayName("a kind without a template code is a permanent failure naming the setting")
    void missingTemplate() {
        AliyunSmsSettings onlyFiring = AliyunSmsSettings.from(settings().build()).build();
        AliyunSmsSettings codeOnly = AliyunSmsSettings.custom().accessKeyId("testid").accessKeySecret("s")
                .signName("S").templateCode(OutboundMessage.Kind.VERIFICATION_CODE, "SMS_1")
                .endpoint(aliyun.endpoint()).build();
        assertThat(onlyFiring.templateCode(OutboundMessage.Kind.REPEAT)).contains("SMS_100000001");
        DeliveryResult result = SmsGateways.aliyun(codeOnly).send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("templateCode.FIRING");
        assertThat(aliyun.server.received()).isEmpty();
    }

    @ParameterizedTest(name = "HTTP {0} with Code {1} is {2}")
    @CsvSource({
        "200, isv.MOBILE_NUMBER_ILLEGAL, permanent",
        "200, isv.SMS_TEMPLATE_ILLEGAL, permanent",
        "200, isv.SMS_SIGNATURE_ILLEGAL, permanent",
        "200, isv.TEMPLATE_MISSING_PARAMETERS, permanent",
        "200, isv.AMOUNT_NOT_ENOUGH, permanent",
        "403, isp.RAM_PERMISSION_DENY, permanent",
        "200, isv.BUSINESS_LIMIT_CONTROL, temporary",
        "200, isv.DAY_LIMIT_CONTROL, temporary",
        "200, isp.SYSTEM_ERROR, temporary",
        "400, Throttling.User, temporary",
        "503, ServiceUnavailable, temporary",
        "500, SomethingNew, temporary",
        "400, SomethingNew, permanent"
    })
    @DisplayName("classifies the provider's documented error codes")
    void classifiesErrorCodes(int status, String code, String expected) {
        aliyun.failWith(status, code, Map.of());
        DeliveryResult result = SmsGateways.aliyun(settings().build()).send(firing("+8613800138000"));
        if (expected.equals("permanent")) {
            assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
            assertThat(((DeliveryResult.PermanentFailure) result).reason())
                    .contains(code, "scripted " + code, "+8613800138000", "R-3");
        } else {
            assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
            assertThat(((DeliveryResult.TemporaryFailure) result).reason()).contains(code, "scripted " + code);
        }
    }

    @Test
    @DisplayName("throttling with HTTP 429 and Retry-After is temporary with the pause asked for")
    void throttlingHonoursRetryAfter() {
        aliyun.failWith(429, "Throttling.User", Map.of("Retry-After", "7"));
        DeliveryResult result = SmsGateways.aliyun(settings().build()).send(firing("+8613800138000"));
        assertThat(result).isEqualTo(new DeliveryResult.TemporaryFailure(
                ((DeliveryResult.TemporaryFailure) result).reason(), java.util.Optional.of(Duration.ofSeconds(7))));
    }

    @Test
    @DisplayName("a wrong secret is a permanent SignatureDoesNotMatch failure that does not show the secret")
    void wrongSecret() {
        String wrong = "wrong-secret-value";
        DeliveryResult result = SmsGateways.aliyun(settings().accessKeySecret(wrong).build())
                .send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason())
                .contains("SignatureDoesNotMatch", "HTTP 400").doesNotContain(wrong, FakeAliyun.SECRET);
    }

    @Test
    @DisplayName("an unknown AccessKey id is a permanent failure")
    void unknownKeyId() {
        DeliveryResult result = SmsGateways.aliyun(settings().accessKeyId("nobody").build())
                .send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("InvalidAccessKeyId.NotFound");
    }

    @Test
    @DisplayName("no answer in time is temporary by default, and the reason says a retry may send twice")
    void timeoutRetriesByDefault() {
        aliyun.server.hang();
        DeliveryResult result = SmsGateways.aliyun(settings().transport(HttpTransport.custom().clock(CLOCK)
                .requestTimeout(Duration.ofMillis(300)).build()).build()).send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).reason())
                .contains("outcome is unknown", "not idempotent", "OutId");
    }

    @Test
    @DisplayName("no answer in time is permanent with TimeoutPolicy.DO_NOT_RETRY")
    void timeoutWithoutRetry() {
        aliyun.server.hang();
        DeliveryResult result = SmsGateways.aliyun(settings().transport(HttpTransport.custom().clock(CLOCK)
                .requestTimeout(Duration.ofMillis(300)).timeoutPolicy(TimeoutPolicy.DO_NOT_RETRY).build()).build()).send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.PermanentFailure.class);
        assertThat(((DeliveryResult.PermanentFailure) result).reason()).contains("is not retried", "not idempotent");
    }

    @Test
    @DisplayName("a refused connection is temporary: nothing was sent")
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        DeliveryResult result = SmsGateways.aliyun(settings().endpoint("http://127.0.0.1:" + port + "/").build())
                .send(firing("+8613800138000"));
        assertThat(result).isInstanceOf(DeliveryResult.TemporaryFailure.class);
        assertThat(((DeliveryResult.TemporaryFailure) result).reason()).contains("nothing was sent");
    }

    @Test
    @DisplayName("settings never show the secret")
    void settingsHideTheSecret() {
        assertThat(settings().build().toString()).doesNotContain(FakeAliyun.SECRET).contains("***");
    }
}
