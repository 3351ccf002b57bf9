package io.backupalarm.channels.sms;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

/** The fake counts messages by the idempotency key the gateway appends to the StatusCallback. */
@DisplayName("The SMS channel over the Twilio gateway meets the channel contract")
final class TwilioSmsChannelContractTest extends ChannelContractTest {

    private final FakeTwilio twilio;

    TwilioSmsChannelContractTest() throws Exception {
        twilio = new FakeTwilio();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Override
    protected Channel createChannel() {
        return SmsChannel.of(SmsGateways.twilio(TwilioSmsSettings.custom()
                .accountSid(FakeTwilio.ACCOUNT).authToken(FakeTwilio.TOKEN).from("+15017122661")
                .statusCallback("https://host.example/sms-status").baseUrl(twilio.server.baseUrl()).build()));
    }

    @Override
    protected String deliverableAddress() {
        return "+14155552671";
    }

    @Override
    protected String refusedAddress() {
        return FakeTwilio.REFUSED_NUMBER;
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return twilio.acceptedCount(address, idempotencyKey);
    }
}
