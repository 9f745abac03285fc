/**
 * Reading what a dataset is made of: Flickr30k Entities sentences and annotations, the feature store, class
 * names and the model's tokenizer; building the examples (spec §1). Imports {@code ablation} for its value
 * types and DJL's tokenizers binding only; never the DJL engine.
 */
package org.xmodal.data;
