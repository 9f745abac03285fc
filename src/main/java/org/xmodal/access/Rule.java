package org.xmodal.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access rule of one REST operation: the level it requires, what its path parameter names, and the action
 * the audit log records for it (state-changing operations only). An operation without a rule is refused.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Rule {
    Level value();

    org.xmodal.access.Target target() default org.xmodal.access.Target.NONE;

    /** The path parameter that names the target. */
    String param() default "id";

    /** The audit log's name for this action, e.g. {@code sweep.cancel}; empty for reads. */
    String audit() default "";
}
