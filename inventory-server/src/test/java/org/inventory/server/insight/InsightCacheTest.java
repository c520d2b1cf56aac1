package org.inventory.server.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.inventory.testkit.Await;
import org.junit.jupiter.api.Test;

/**
 * The insight cache: an answer is served again to the same request for the configured time, with its age, and
 * computed anew after it, on {@code Cache-Control: no-cache}, or for another request; it holds a bounded number of
 * answers, computes a request once for callers that ask at the same time, and keeps no failure.
 */
class InsightCacheTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-07T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void an_answer_is_served_again_until_its_time_is_up_with_its_age() {
        var clock = new TestClock();
        var cache = new InsightCache(Duration.ofSeconds(10), clock);
        var computed = new AtomicInteger();
        InsightCache.Aged<Integer> first = cache.get("k", false, computed::incrementAndGet);
        assertEquals(1, first.value());
        assertEquals(0, first.ageSeconds(clock.instant()));
        clock.now = clock.now.plusMillis(9_999);
        InsightCache.Aged<Integer> again = cache.get("k", false, computed::incrementAndGet);
        assertEquals(1, again.value());
        assertEquals(9, again.ageSeconds(clock.instant()));
        assertEquals(2, cache.get("other", false, computed::incrementAndGet).value());
        assertEquals(3, cache.get("k", true, computed::incrementAndGet).value(), "no-cache computes anew");
        clock.now = clock.now.plusSeconds(10);
        assertEquals(4, cache.get("k", false, computed::incrementAndGet).value(), "expired");
    }

    @Test
    void it_holds_a_bounded_number_of_answers_the_least_recently_used_going_first() {
        var cache = new InsightCache(Duration.ofSeconds(10), new TestClock());
        for (int i = 0; i < InsightCache.ENTRIES + 50; i++) {
            int value = i;
            cache.get("k" + i, false, () -> value);
            cache.get("k0", false, () -> -1);
        }
        assertEquals(InsightCache.ENTRIES, cache.size());
        assertEquals(0, cache.get("k0", false, () -> -1).value(), "used last, kept");
        assertEquals(-1, cache.get("k1", false, () -> -1).value(), "the eldest went first");
    }

    @Test
    void a_failure_is_not_kept_and_callers_at_the_same_time_share_one_computation() throws Exception {
        var cache = new InsightCache(Duration.ofSeconds(10), new TestClock());
        assertThrows(
                IllegalStateException.class,
                () -> cache.get("k", false, () -> {
                    throw new IllegalStateException("store down");
                }));
        assertEquals(1, cache.get("k", false, () -> 1).value());

        var started = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var computed = new AtomicInteger();
        Thread first = Thread.ofVirtual()
                .start(() -> cache.get("slow", false, () -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return computed.incrementAndGet();
                }));
        started.await();
        var second = new Object() {
            volatile InsightCache.Aged<Integer> answer;
        };
        Thread waiting =
                Thread.ofPlatform().start(() -> second.answer = cache.get("slow", false, computed::incrementAndGet));
        Await.until(
                "the second caller to wait for the first's computation",
                Duration.ofSeconds(10),
                () -> waiting.getState() == Thread.State.WAITING);
        release.countDown();
        first.join();
        waiting.join();
        assertEquals(1, computed.get());
        assertEquals(1, second.answer.value());
    }

    @Test
    void a_key_tells_apart_filters_that_differ_in_field_order_or_type() {
        var a = BsonDocument.parse("{\"w\":{\"a\":1,\"b\":2}}");
        var b = BsonDocument.parse("{\"w\":{\"b\":2,\"a\":1}}");
        assertEquals(a, b, "equal as maps");
        assertNotEquals(InsightCache.key("summary", a), InsightCache.key("summary", b));
        assertNotEquals(
                InsightCache.key("summary", new BsonDocument("n", new BsonInt32(1))),
                InsightCache.key("summary", BsonDocument.parse("{\"n\":1.0}")));
        assertNotEquals(InsightCache.key("summary", a), InsightCache.key("schema", a));
    }

    @Test
    void the_routes_serve_a_kept_answer_with_its_age_and_a_new_one_on_no_cache() throws Exception {
        try (var fixture = InsightFixture.start("insight_cache", Map.of("INVENTORY_INSIGHT_CACHE_SECONDS", "600"))) {
            fixture.store(InsightFixture.records(200, 7));
            var http = HttpClient.newHttpClient();
            for (String route : List.of(
                    "/summary?group=status&sum=quantity", "/schema?sample=50", "/overview?format=json", "/overview")) {
                HttpResponse<String> first = get(http, fixture, route, false);
                assertEquals(200, first.statusCode(), first.body());
                assertTrue(first.headers().firstValue("Age").isPresent(), route + ": Age");
                fixture.store(InsightFixture.records(100, 8));
                HttpResponse<String> kept = get(http, fixture, route, false);
                assertTrue(Long.parseLong(kept.headers().firstValue("Age").orElseThrow()) >= 0, route);
                if (!route.startsWith("/schema") && !route.equals("/overview")) {
                    // The same figures (a schema's sample is random, a page carries a nonce).
                    assertEquals(first.body(), kept.body(), route);
                }
                HttpResponse<String> fresh = get(http, fixture, route, true);
                assertEquals("0", fresh.headers().firstValue("Age").orElseThrow(), route);
                if (route.startsWith("/summary")) {
                    assertNotEquals(first.body(), fresh.body(), route + ": computed anew");
                }
            }
            long before =
                    fixture.json("/overview?format=json").getNumber("total").longValue();
            fixture.store(InsightFixture.records(10, 9));
            assertEquals(
                    before,
                    fixture.json("/overview?format=json").getNumber("total").longValue(),
                    "kept");
            String inStock = "{\"status\":\"in_stock\"}";
            assertEquals(
                    fixture.export(inStock).size(),
                    fixture.json("/overview?format=json&filter=" + InsightFixture.encode(inStock))
                            .getNumber("total")
                            .longValue(),
                    "another filter is another answer");
        }
    }

    private static HttpResponse<String> get(HttpClient http, InsightFixture fixture, String route, boolean fresh)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.server.port() + route));
        if (fresh) {
            request.header("Cache-Control", "no-cache");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
