/**
 * Cross-cutting pieces: the error vocabulary ({@link org.xmodal.platform.ErrorCode}) and its exception, the
 * embedded PostgreSQL default (passwords, its own role, its supervision), the listening address, the Flyway schema,
 * and whether the database takes writes (probe, readiness, 503 on outages). Depends on nothing else in xmodal; every
 * room may import it.
 */
package org.xmodal.platform;
