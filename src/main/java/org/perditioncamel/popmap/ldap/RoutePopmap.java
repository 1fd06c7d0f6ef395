package org.perditioncamel.popmap.ldap;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.perditioncamel.popmap.LookupResult;
import org.perditioncamel.popmap.Popmap;

/**
 * A popmap whose lookups run through a source route ({@code direct:popmap-ldap}): variable {@code queryKey} in,
 * variable {@code popmapAnswer} out, as the source-route contract says. Camel sets the context when the bean is
 * bound. The route's threads step takes the blocking search off the caller's thread pool.
 */
final class RoutePopmap implements Popmap, CamelContextAware {
    private final String endpoint;
    private volatile CamelContext context;
    private volatile ProducerTemplate template;

    RoutePopmap(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public LookupResult lookup(String key) {
        ProducerTemplate producer = template;
        if (producer == null) {
            synchronized (this) {
                if (template == null) {
                    template = context.createProducerTemplate();
                }
                producer = template;
            }
        }
        Exchange exchange = producer.send(endpoint, e -> e.setVariable("queryKey", key));
        Object answer = exchange.getVariable("popmapAnswer");
        if (answer instanceof LookupResult result) {
            return result;
        }
        Exception failure = exchange.getException();
        return new LookupResult.Failed(endpoint + " gave no answer" + (failure == null ? "" : ": " + failure));
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public String toString() {
        return "popmap via " + endpoint;
    }
}
