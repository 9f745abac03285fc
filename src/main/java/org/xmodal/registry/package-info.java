/**
 * The registry of models and datasets, and their confinement: every file a registration opens lies inside the
 * registry roots after resolving links, is a regular file within its size limit, and is hashed off the HTTP threads.
 */
package org.xmodal.registry;
