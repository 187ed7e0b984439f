package dev.ragsuite.auth.service;

import dev.ragsuite.auth.User;
import dev.ragsuite.auth.repository.UserRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** What administrators can see and do with users. */
@ApplicationScoped
public class AdminService {

    private final UserRepository users;

    public AdminService(UserRepository users) {
        this.users = users;
    }

    /** One page of users in creation order, and how many there are in all. */
    public Uni<UserPage> listUsers(int page, int size) {
        return Panache.withSession(() -> users.page(page, size)
                .chain(items -> users.count().map(total -> new UserPage(items, total))));
    }

    public record UserPage(List<User> items, long total) {
    }
}
