/**
 * Running models: the only room that imports the DJL engine. Loads TorchScript models that follow the xmodal
 * contract, batches the ablated inputs of every condition in one pass over the data, and computes per-example
 * losses on the model's device. NDArrays never leave this room.
 */
package org.xmodal.evaluation;
