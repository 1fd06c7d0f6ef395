package org.perditioncamel.events;

import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

/** The JMS connection factories camel-jms sends events with: Artemis underneath, one cached connection on top. */
public final class EventsConnectionFactory {
    private EventsConnectionFactory() {
    }

    /**
     * Fails fast instead of reconnecting inside a send: a broker that is down must not hold the events-deliver
     * thread in the client; the route retries with back-off and the outbox keeps the events meanwhile. Options
     * given in the URL win over these.
     */
    public static ActiveMQConnectionFactory artemis(String url) {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url);
        if (!url.contains("initialConnectAttempts")) {
            factory.setInitialConnectAttempts(1);
        }
        if (!url.contains("reconnectAttempts")) {
            factory.setReconnectAttempts(0);
        }
        if (!url.contains("callTimeout")) {
            factory.setCallTimeout(10_000);
        }
        return factory;
    }

    /**
     * JmsTemplate opens a connection per send unless the factory caches one; reconnectOnException drops the
     * cached connection when the broker goes away, so the next attempt connects afresh.
     */
    public static CachingConnectionFactory caching(ConnectionFactory target) {
        CachingConnectionFactory caching = new CachingConnectionFactory(target);
        caching.setReconnectOnException(true);
        caching.setSessionCacheSize(1);
        caching.setCacheProducers(true);
        return caching;
    }
}
