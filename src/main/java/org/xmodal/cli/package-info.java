/**
 * The {@code xmodal} command line. Parses arguments, calls the engine, prints tables; holds no method logic
 * and never touches DJL types directly.
 */
package org.xmodal.cli;
