/**
 * Cross-cutting pieces: the error vocabulary ({@link org.xmodal.platform.ErrorCode}) and its exception, the
 * embedded PostgreSQL default (passwords, its own role, its supervision), the listening address, and the
 * Flyway schema. Depends on nothing else in xmodal; every room may import it.
 */
package org.xmodal.platform;
