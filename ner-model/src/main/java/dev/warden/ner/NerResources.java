package dev.warden.ner;

import java.io.IOException;
import java.io.InputStream;
import opennlp.tools.postag.POSModel;

/** Where the model and its word lists live on the classpath, and how to open them. */
public final class NerResources {
  public static final String BASE = "dev/warden/models/ner/";
  public static final String GAZETTEER_DIR = BASE + "gazetteer/";
  /** The span classifier the build trains (an OpenNLP maxent model in its binary format). */
  public static final String SPAN_MODEL = BASE + "en-ner-spans.bin";
  /** The word-shape model ({@link NameLikeness}), also trained by the build. */
  public static final String WORD_MODEL = BASE + "en-ner-words.bin";
  /**
   * The English UD POS model of {@code opennlp-models-pos-en}, opened by its own name: every
   * OpenNLP model jar puts a {@code model.properties} at its root, so that file cannot be used to
   * find it.
   */
  public static final String POS_MODEL = "opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

  private NerResources() {
  }

  /** The OpenNLP English UD POS model, read from its jar on the classpath. */
  public static POSModel posModel() {
    try (InputStream in = open(POS_MODEL)) {
      return new POSModel(in);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the OpenNLP POS model " + POS_MODEL, e);
    }
  }

  public static InputStream open(String resource) throws IOException {
    InputStream in = NerResources.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("not on the classpath: " + resource);
    }
    return in;
  }
}
