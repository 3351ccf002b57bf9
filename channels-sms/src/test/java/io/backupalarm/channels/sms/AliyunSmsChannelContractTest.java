package io.backupalarm.channels.sms;

import io.backupalarm.spi.Channel;
import io.backupalarm.testkit.ChannelContractTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The SMS channel over the Alibaba Cloud gateway meets the channel contract")
final class AliyunSmsChannelContractTest extends ChannelContractTest {

    private final FakeAliyun aliyun;

    AliyunSmsChannelContractTest() throws Exception {
        aliyun = new FakeAliyun();
    }

    @AfterEach
    void stop() {
        aliyun.close();
    }

    @Override
    protected Channel createChannel() {
        return SmsChannel.of(SmsGateways.aliyun(AliyunSmsSettings.custom()
                .accessKeyId(FakeAliyun.KEY_ID).accessKeySecret(FakeAliyun.SECRET)
                .signName("BackupAlarm").templateCode("SMS_100000001")
                .endpoint(aliyun.endpoint()).build()));
    }

    @Override
    protected String deliverableAddress() {
        return "+8613800138000";
    }

    @Override
    protected String refusedAddress() {
        return FakeAliyun.REFUSED_NUMBER;
    }

    @Override
    protected int receivedCount(String address, String idempotencyKey) {
        return aliyun.acceptedCount(address, idempotencyKey);
    }
}
