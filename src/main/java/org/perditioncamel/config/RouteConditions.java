package org.perditioncamel.config;

import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;

/**
 * Typed conditions for the route files, bound by name and used there as {@code ref: <name>}: Camel's ref language
 * finds the bean once, when the route starts, and then calls it directly on every exchange. A Simple expression that
 * calls a method ({@code ${body.startsLogin}}) goes through Camel's bean reflection on every exchange instead.
 * <p>
 * The login's own steps are bound the same way under the name {@code <bean>.<method>} (a {@code method:} expression
 * or {@code bean:} step of that bean's method does the same, by reflection, and a {@code method:} expression copies
 * the whole exchange for each call): {@code ref: login.precheck} as an expression, {@code process: ref: login.audit}
 * as a step.
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

    /** A step's work; what it throws fails the exchange, as a bean step's exception does. */
    @FunctionalInterface
    public interface Step {
        void run(Exchange exchange) throws Exception;
    }

    /** A step ({@code process: ref: <name>}): it sets the body itself when it has an answer. */
    public static void processor(CamelContext context, String name, Step step) {
        context.getRegistry().bind(name, Processor.class, new Processor() {
            @Override
            public void process(Exchange exchange) throws Exception {
                step.run(exchange);
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
