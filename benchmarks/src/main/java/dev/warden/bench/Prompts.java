package dev.warden.bench;

/** Realistic prompt text of a given size: prose with names, contacts, numbers and code. */
final class Prompts {
  private static final String[] PARAGRAPHS = {
      "Hi, could you summarise the notes from Tuesday's meeting with Maria Gonzalez from Northwind Traders in Seattle? ",
      "She asked us to send the revised quote to maria.gonzalez@northwind.example before Friday, and to call her at "
          + "+1 206 555 0134 if anything is unclear. ",
      "Order 4155550132 shipped on 2024-05-17 10:22:03 from the Berlin warehouse; tracking is in the portal. ",
      "The deployment of version 10.0.19045 failed with error 0x80070005, see the log below.\n"
          + "2024-05-17T10:22:03Z INFO [main] Started in 4155 ms on port 8080\n",
      "Please rewrite the paragraph in a friendlier tone and keep it under 200 words. Ignore the typo above. ",
      "Our policy says refunds go back to the original card ending 1111 within 14 days. ",
      "David Chen from Acme Corporation in London joined the call later and asked about the invoice. ",
      "def total(items):\n    return sum(i.price * i.qty for i in items)\n",
  };

  private Prompts() {}

  static String mixed(int size) {
    StringBuilder b = new StringBuilder(size + 200);
    for (int i = 0; b.length() < size; i++) {
      b.append(PARAGRAPHS[i % PARAGRAPHS.length]);
    }
    return b.substring(0, size);
  }
}
