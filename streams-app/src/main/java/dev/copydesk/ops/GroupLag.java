package dev.copydesk.ops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** A consumer group's committed offset, end offset and lag per partition, read with the Admin client. */
public final class GroupLag {
    private GroupLag() {
    }

    /** One partition of the group: committed offset (-1 when none), end offset, lag. */
    public record PartitionLag(String topic, int partition, long committed, long end, long lag) {
    }

    /**
     * The group's partitions, sorted by topic and partition. Partitions the group has not committed yet
     * are listed when {@code topics} names them (lag = end offset).
     */
    public static List<PartitionLag> fetch(Admin admin, String group, List<String> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        committed.keySet().forEach(tp -> wanted.put(tp, OffsetSpec.latest()));
        if (!topics.isEmpty()) {
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<org.apache.kafka.clients.admin.TopicDescription>> t
                    : admin.describeTopics(topics).topicNameValues().entrySet()) {
                try {
                    t.getValue().get(timeoutMs, TimeUnit.MILLISECONDS).partitions()
                            .forEach(p -> wanted.put(new TopicPartition(t.getKey(), p.partition()), OffsetSpec.latest()));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                        throw e;
                    } // a topic that does not exist (yet) has no partitions to list; the group's own are still shown
                }
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = wanted.isEmpty() ? Map.of()
                : admin.listOffsets(wanted).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<PartitionLag> rows = new ArrayList<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            long end = e.getValue().offset();
            long at = c == null ? -1 : c.offset();
            rows.add(new PartitionLag(e.getKey().topic(), e.getKey().partition(), at, end, Math.max(0, end - Math.max(at, 0))));
        }
        rows.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return rows;
    }
}
