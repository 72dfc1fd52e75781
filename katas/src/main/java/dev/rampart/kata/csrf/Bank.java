package dev.rampart.kata.csrf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The customers, their accounts and the transfers made; in memory, safe for concurrent requests. */
public final class Bank {

    private record Customer(String password, Account account) {
    }

    private final Map<String, Customer> customers = new ConcurrentHashMap<>();
    private final List<Transfer> transfers = new CopyOnWriteArrayList<>();

    /** Opens an account that signs in with this name and password. */
    public void open(String owner, String password, String email, long balance) {
        customers.put(owner, new Customer(password, new Account(owner, email, balance)));
    }

    public boolean passwordMatches(String owner, String password) {
        var customer = customers.get(owner);
        return customer != null && customer.password().equals(password);
    }

    public Optional<Account> account(String owner) {
        return Optional.ofNullable(customers.get(owner)).map(Customer::account);
    }

    public void changeEmail(String owner, String email) {
        customers.computeIfPresent(owner, (name, customer) -> new Customer(customer.password(),
                new Account(name, email, customer.account().balance())));
    }

    /** Moves money between two accounts; false if either is unknown or the amount is not positive and covered. */
    public synchronized boolean transfer(String from, String to, long amount) {
        var payer = customers.get(from);
        var payee = customers.get(to);
        if (payer == null || payee == null || from.equals(to) || amount <= 0 || amount > payer.account().balance()) {
            return false;
        }
        customers.put(from, new Customer(payer.password(), new Account(from, payer.account().email(), payer.account().balance() - amount)));
        customers.put(to, new Customer(payee.password(), new Account(to, payee.account().email(), payee.account().balance() + amount)));
        transfers.add(new Transfer(from, to, amount));
        return true;
    }

    /** Every transfer made, oldest first. */
    public List<Transfer> transfers() {
        return List.copyOf(transfers);
    }
}
