/**
 * Example attributes: Flickr30k Entities phrase types stored at registration, attributes imported from a TSV (a gold
 * class label among them, with the derived LabelMatch agreement), and result tables restricted to a subset of
 * examples or broken down by an attribute, recomputed from the per-example rows.
 */
package org.xmodal.attributes;
