package org.xmodal.evaluation;

import java.util.List;
import org.xmodal.ablation.Condition;
import org.xmodal.ablation.Direction;
import org.xmodal.data.Dataset;
import org.xmodal.data.SubwordTokenizer;
import org.xmodal.platform.ErrorCode;
import org.xmodal.platform.XmodalException;

/** Checks, before any forward pass, that a model, its tokenizer and a dataset fit together. */
final class Compatibility {
    private Compatibility() {
    }

    static void check(ModelMetadata model, Dataset dataset, SubwordTokenizer tokenizer) {
        if (model.featureSize() != dataset.features().featureSize()) {
            throw incompatible("model " + model.name() + " expects featureSize " + model.featureSize()
                    + " but dataset " + dataset.name() + " has region features of size " + dataset.features().featureSize());
        }
        if (tokenizer.vocabularySize() > model.vocabSize()) {
            throw incompatible("the tokenizer of model " + model.name() + " has " + tokenizer.vocabularySize()
                    + " tokens but the model's vocabSize is " + model.vocabSize());
        }
    }

    static void checkDirection(ModelMetadata model, Dataset dataset, Direction direction, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("no conditions to evaluate for " + direction);
        }
        for (Condition c : conditions) {
            if (c.direction() != direction) {
                throw new IllegalArgumentException("condition " + c + " belongs to " + c.direction() + ", not " + direction);
            }
        }
        if (direction == Direction.LANG4VIS && model.textOnly()) {
            throw incompatible("model " + model.name() + " is text-only: lang4vis needs a model that predicts region classes");
        }
        if (direction == Direction.LANG4VIS && model.numClasses() != dataset.features().classCount()) {
            throw incompatible("model " + model.name() + " predicts " + model.numClasses() + " region classes but dataset "
                    + dataset.name() + " has " + dataset.features().classCount() + " detector classes");
        }
    }

    private static XmodalException incompatible(String message) {
        return new XmodalException(ErrorCode.INCOMPATIBLE, message);
    }
}
