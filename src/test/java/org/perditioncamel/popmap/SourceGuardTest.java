package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;

class SourceGuardTest {
    private final AtomicLong clock = new AtomicLong();

    private SourceGuard guard(Map<String, String> values) {
        return new SourceGuard(SourceSettings.from(Settings.of(values), "sql"), clock::get);
    }

    private void seconds(long s) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void cacheShouldBeOffByDefault() throws Exception {
        SourceGuard guard = guard(Map.of());
        guard.check("alice", new LookupResult.Found("h1"));
        assertThat(guard.cached("alice")).isNull();
    }

    @Test
    void foundAnswersShouldExpireAfterCacheTtl() throws Exception {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60"));
        guard.check("alice", new LookupResult.Found("h1"));
        guard.check("nobody", new LookupResult.NotFound());

        seconds(59);
        assertThat(guard.cached("alice")).isEqualTo(new LookupResult.Found("h1"));
        assertThat(guard.cached("nobody")).as("negative caching is off unless cache_negative_ttl is set").isNull();
        seconds(1);
        assertThat(guard.cached("alice")).isNull();
    }

    @Test
    void notFoundAnswersShouldExpireAfterCacheNegativeTtl() throws Exception {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60", "popmap.sql.cache_negative_ttl", "5"));
        guard.check("nobody", new LookupResult.NotFound());
        seconds(4);
        assertThat(guard.cached("nobody")).isEqualTo(new LookupResult.NotFound());
        seconds(1);
        assertThat(guard.cached("nobody")).isNull();
    }

    @Test
    void failedAnswersShouldThrowForTheBreakerAndNeverBeCached() {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60"));
        assertThatThrownBy(() -> guard.check("alice", new LookupResult.Failed("connection refused")))
                .isInstanceOf(SourceFailedException.class).hasMessage("connection refused");
        assertThat(guard.cached("alice")).isNull();
    }

    @Test
    void aStaleAnswerShouldBeGivenWhileTheSourceFailsOnlyWithinCacheStaleTtl() throws Exception {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60", "popmap.sql.cache_stale_ttl", "300"));
        guard.check("alice", new LookupResult.Found("h1"));
        seconds(200);
        assertThat(guard.cached("alice")).isNull();
        assertThat(guard.unavailable(failedLookup("alice", "connection refused")))
                .isEqualTo(new LookupResult.Found("h1"));
        seconds(200);
        assertThat(guard.unavailable(failedLookup("alice", "connection refused")))
                .isEqualTo(new LookupResult.Failed("connection refused"));
    }

    @Test
    void anInMemorySourcesAnswerShouldBeCachedAndItsFailureAnsweredAsTheBreakersFallbackWould() {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60", "popmap.sql.cache_stale_ttl", "300"));
        assertThat(guard.answered("alice", new LookupResult.Found("h1"))).isEqualTo(new LookupResult.Found("h1"));
        assertThat(guard.cached("alice")).isEqualTo(new LookupResult.Found("h1"));

        seconds(200);
        assertThat(guard.answered("alice", new LookupResult.Failed("cannot be read")))
                .as("stale, within cache_stale_ttl").isEqualTo(new LookupResult.Found("h1"));
        assertThat(guard.answered("bob", new LookupResult.Failed("cannot be read")))
                .isEqualTo(new LookupResult.Failed("cannot be read"));
        assertThat(guard.answered("bob", null)).isEqualTo(new LookupResult.Failed("popmap source sql gave no answer"));
        assertThat(guard.cached("bob")).as("a failure is never cached").isNull();
    }

    @Test
    void theCacheShouldKeepAtMostCacheSizeAnswers() throws Exception {
        SourceGuard guard = guard(Map.of("popmap.sql.cache_ttl", "60", "popmap.sql.cache_size", "2"));
        guard.check("a", new LookupResult.Found("1"));
        guard.check("b", new LookupResult.Found("2"));
        guard.cached("a");
        guard.check("c", new LookupResult.Found("3"));
        assertThat(guard.cached("b")).as("least recently asked goes first").isNull();
        assertThat(guard.cached("a")).isEqualTo(new LookupResult.Found("1"));
    }

    @Test
    void failureShouldBeTheReasonUnlessOnFailureIsOutgoingServer() {
        assertThat(guard(Map.of()).failure(new LookupResult.Failed("down"))).isEqualTo("down");
        assertThat(guard(Map.of()).failure(new LookupResult.NotFound())).isNull();
        assertThat(guard(Map.of("popmap.sql.on_failure", "outgoing_server")).failure(new LookupResult.Failed("down")))
                .isNull();
        assertThatThrownBy(() -> guard(Map.of("popmap.sql.on_failure", "ignore")))
                .hasMessageContaining("popmap.sql.on_failure must be tempfail or outgoing_server");
    }

    @Test
    void anOpenBreakerShouldSayWhyTheSourceWasNotAsked() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("queryKey", "alice");
        exchange.setProperty("CamelResponseShortCircuited", true);
        assertThat(guard(Map.of()).unavailable(exchange))
                .isEqualTo(new LookupResult.Failed("popmap source sql unavailable (circuit breaker open)"));
    }

    private static Exchange failedLookup(String key, String reason) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setVariable("queryKey", key);
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new SourceFailedException(reason));
        return exchange;
    }
}
