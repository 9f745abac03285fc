/**
 * Cross-cutting pieces: the error vocabulary ({@link org.xmodal.platform.ErrorCode}) and its exception.
 * Depends on nothing else in xmodal; every other room may import it.
 */
package org.xmodal.platform;
