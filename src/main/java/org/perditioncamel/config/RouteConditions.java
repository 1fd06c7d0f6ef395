package org.perditioncamel.config;

import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;

/**
 * Typed conditions for the route files, bound by name and used there as {@code ref: <name>}: Camel's ref language
 * finds the bean once, when the route starts, and then calls it directly on every exchange. A Simple expression that
 * calls a method ({@code ${body.startsLogin}}) goes through Camel's bean reflection on every exchange instead.
 */
public final class RouteConditions {
    private RouteConditions() {
    }

    public static void predicate(CamelContext context, String name, java.util.function.Predicate<Exchange> test) {
        context.getRegistry().bind(name, Predicate.class, new Predicate() {
            @Override
            public boolean matches(Exchange exchange) {
                return test.test(exchange);
            }

            @Override
            public String toString() {
                return name;
            }
        });
    }

    public static void expression(CamelContext context, String name, Function<Exchange, Object> value) {
        context.getRegistry().bind(name, Expression.class, new Expression() {
            @Override
            public <T> T evaluate(Exchange exchange, Class<T> type) {
                Object v = value.apply(exchange);
                return v == null || type.isInstance(v) ? type.cast(v)
                        : exchange.getContext().getTypeConverter().convertTo(type, exchange, v);
            }

            @Override
            public String toString() {
                return name;
            }
        });
    }
}
