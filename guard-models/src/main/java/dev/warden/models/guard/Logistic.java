package dev.warden.models.guard;

import java.util.Arrays;

/**
 * A logistic regression {@code p = 1 / (1 + exp(-(w.x + b)))}: Platt scaling generalised to a
 * few features, used to turn a classifier's output and heuristic signals into one calibrated
 * probability. Fitted by Newton's method with an L2 penalty; weights may be constrained to a
 * sign (a signal that fires may only raise a score). Immutable.
 */
public final class Logistic {
  private static final int MAX_ITERATIONS = 100;

  private final double[] weights;
  private final double bias;

  public Logistic(double[] weights, double bias) {
    this.weights = weights.clone();
    this.bias = bias;
  }

  public double predict(double[] x) {
    double z = bias;
    for (int i = 0; i < weights.length; i++) {
      z += weights[i] * x[i];
    }
    return sigmoid(z);
  }

  public double[] weights() {
    return weights.clone();
  }

  public double bias() {
    return bias;
  }

  /**
   * Fits weights to {@code x} (rows of features) and labels {@code y}. {@code signs[i]} is +1 if
   * weight i must not be negative, -1 if it must not be positive, 0 if free.
   */
  public static Logistic fit(double[][] x, boolean[] y, double l2, int[] signs) {
    int d = signs.length;
    boolean[] active = new boolean[d];
    Arrays.fill(active, true);
    while (true) {
      double[] theta = newton(x, y, l2, active);
      boolean changed = false;
      for (int i = 0; i < d; i++) {
        if (active[i] && signs[i] != 0 && Math.signum(theta[i]) == -signs[i]) {
          active[i] = false;
          changed = true;
        }
      }
      if (!changed) {
        return new Logistic(Arrays.copyOf(theta, d), theta[d]);
      }
    }
  }

  private static double[] newton(double[][] x, boolean[] y, double l2, boolean[] active) {
    int d = active.length;
    double[] theta = new double[d + 1];
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double[] grad = new double[d + 1];
      double[][] hess = new double[d + 1][d + 1];
      for (int r = 0; r < x.length; r++) {
        double[] row = augmented(x[r], active);
        double p = sigmoid(dot(theta, row));
        double err = p - (y[r] ? 1 : 0);
        double s = Math.max(p * (1 - p), 1e-9);
        for (int i = 0; i <= d; i++) {
          grad[i] += err * row[i];
          for (int j = 0; j <= d; j++) {
            hess[i][j] += s * row[i] * row[j];
          }
        }
      }
      for (int i = 0; i < d; i++) {
        grad[i] += l2 * theta[i];
        hess[i][i] += active[i] ? l2 : 1;
      }
      hess[d][d] += 1e-9;
      double[] step = solve(hess, grad);
      double size = 0;
      for (int i = 0; i <= d; i++) {
        theta[i] -= step[i];
        size = Math.max(size, Math.abs(step[i]));
      }
      if (size < 1e-10) {
        break;
      }
    }
    return theta;
  }

  private static double[] augmented(double[] x, boolean[] active) {
    double[] row = new double[active.length + 1];
    for (int i = 0; i < active.length; i++) {
      row[i] = active[i] ? x[i] : 0;
    }
    row[active.length] = 1;
    return row;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Gaussian elimination with partial pivoting; {@code a} is small and positive definite. */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int r = c + 1; r < n; r++) {
        if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
          pivot = r;
        }
      }
      double[] t = m[c];
      m[c] = m[pivot];
      m[pivot] = t;
      for (int r = c + 1; r < n; r++) {
        double f = m[r][c] / m[c][c];
        for (int k = c; k <= n; k++) {
          m[r][k] -= f * m[c][k];
        }
      }
    }
    double[] out = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = m[r][n];
      for (int k = r + 1; k < n; k++) {
        s -= m[r][k] * out[k];
      }
      out[r] = s / m[r][r];
    }
    return out;
  }

  public static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** The log-odds of {@code p}, clamped so that 0 and 1 stay finite. */
  public static double logit(double p) {
    double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    return Math.log(q / (1 - q));
  }

  @Override
  public String toString() {
    return "Logistic" + Arrays.toString(weights) + " bias " + bias;
  }
}
