package dev.ragsuite.common.vector;

/**
 * What the active index was built with; vectors of different models or dimensions never mix.
 *
 * @param model the embedding model's name
 * @param dimensions the length of every vector in the index
 * @param backend the store, e.g. "lucene"
 */
public record IndexManifest(String model, int dimensions, String backend) {
}
