/**
 * The method itself, in pure Java: conditions, phrase-to-region alignment (IoT/IoU), text masking, region
 * replacement and the lang4vis target. No I/O, no DJL: everything here is a function of arrays and numbers.
 */
package org.xmodal.ablation;
