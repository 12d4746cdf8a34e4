package org.jsasl.auxprop;

import java.util.List;
import java.util.Map;

/** The answer of a property source to "what are these properties of this user". */
public sealed interface PropertyLookup {

    /**
     * The user exists; {@code values} holds the requested properties that have a value.
     *
     * @param values property name to its values (a property without a value is absent)
     */
    record Found(Map<String, List<String>> values) implements PropertyLookup {
        public Found {
            values = Map.copyOf(values);
        }

        @Override
        public String toString() {
            // values include userPassword: names only.
            return "Found" + values.keySet();
        }
    }

    /** The source knows no such user. */
    record NoUser() implements PropertyLookup {
    }

    /**
     * The source answered, but in a way that must not be used to authenticate (several rows for
     * one user, an oversized value): the login is refused, not retried.
     *
     * @param reason for logs
     */
    record Refused(String reason) implements PropertyLookup {
    }

    /**
     * The source could not answer (database down, timeout, refused query).
     *
     * @param reason for logs
     * @param cause the underlying failure, or null
     */
    record Unavailable(String reason, Throwable cause) implements PropertyLookup {
    }
}
